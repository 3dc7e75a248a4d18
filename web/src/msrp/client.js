import { MsrpError } from './errors.js';
import { parseChunk, encodeChunk, header, DEFAULT_LIMITS } from './frame.js';
import { MsrpUri, parsePath, formatPath, randomToken } from './uri.js';
import { chooseChallenge, answer } from './digest.js';
import { pieces, Reassembly } from './chunks.js';

/**
 * An MSRP client over WebSocket (RFC 7977): one connection to its relay (the WebSocket server),
 * authenticated with AUTH and Digest (RFC 4976 §5), then sessions whose requests go through the
 * relay's Use-Path. Messages are sent in chunks, each a WebSocket message, a few in flight at once;
 * messages received are reassembled (bounded), answered 200 hop by hop, and reported when asked.
 *
 *   const c = new MsrpClient({ url: 'wss://relay.example.com:8443/msrp',
 *                              relay: 'msrps://relay.example.com:8443;ws',
 *                              username: 'alice', password: '...' });
 *   await c.connect();          // c.path(): what goes in the SDP's a=path
 *   const s = c.session(parsePath(peerSdpPath));
 *   await s.send('text/plain', 'Hello');
 *
 * Events (assign functions): onmessage({ session, messageId, contentType, body, from }),
 * onprogress({ session, messageId, received, total }), onreport({ session, messageId, status }),
 * onclose({ code, reason }), onerror(error).
 *
 * onmessage may return a verdict on the whole message, or a promise of one: false (any falsy
 * value but undefined) when the message, though whole, is not what it should be (a file whose
 * hash does not match its offer), or when onmessage throws or its promise rejects. The message's
 * REPORT waits for the verdict: a success REPORT (when Success-Report asked for one) only for a
 * truthy verdict or none (undefined, as before verdicts existed), a failure REPORT otherwise
 * (unless Failure-Report is no). An error with a REPORT status of its own (see `refused`) gives
 * the failure REPORT that status, e.g. 415 for a type the application does not take. A verdict
 * that does not come within `verdictTimeoutMs` is taken as a refusal. See ClientSession.report.
 */
export class MsrpClient {
  constructor({
    url,
    relay,
    username,
    password,
    WebSocket = globalThis.WebSocket,
    chunkSize = 16 * 1024,
    window = 8,
    transactionTimeoutMs = 30000,
    limits = DEFAULT_LIMITS,
    maxMessages = 16,
    maxMessageBytes = 256 * 1024 * 1024,
    verdictTimeoutMs = 25000,
  }) {
    this.url = url;
    this.relay = relay instanceof MsrpUri ? relay : MsrpUri.parse(relay);
    this.username = username;
    this.password = password;
    this.WebSocket = WebSocket;
    this.chunkSize = chunkSize;
    this.window = window;
    this.transactionTimeoutMs = transactionTimeoutMs;
    this.limits = limits;
    this.maxMessages = maxMessages;
    this.maxMessageBytes = maxMessageBytes;
    this.verdictTimeoutMs = checkedTimeout('verdictTimeoutMs', verdictTimeoutMs, MAX_VERDICT_MS);
    this.usePath = null;
    this.sessions = new Map();
    this.transactions = new Map();
    this.ws = null;
    this.onmessage = () => {};
    this.onprogress = () => {};
    this.onreport = () => {};
    this.onclose = () => {};
    this.onerror = () => {};
  }

  /** Opens the WebSocket and authenticates; resolves with the Use-Path. */
  async connect() {
    const ws = new this.WebSocket(this.url, 'msrp');
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new MsrpError('connect', `the relay at ${this.url} cannot be reached`));
      ws.onclose = (e) => reject(new MsrpError('connect', `the relay closed the connection (${e.code})`));
    });
    if (ws.protocol !== 'msrp') {
      ws.close(1002, 'no msrp subprotocol');
      throw new MsrpError('subprotocol', `the server did not take subprotocol msrp (RFC 7977 §4.1)`);
    }
    ws.onmessage = (e) => this.received(e.data);
    ws.onerror = () => {};
    ws.onclose = (e) => this.closed(e.code, e.reason);
    this.self = MsrpUri.ownWebSocketUri(this.relay.secure);
    this.usePath = await this.authenticate(this.relay.toString());
    return this.usePath;
  }

  /**
   * Renews the binding before its Expires runs out (at 80 % of it): an AUTH to the Use-Path URI
   * (RFC 4976 §5.1) keeps the same URI, so sessions through it go on.
   */
  scheduleRefresh(seconds) {
    clearTimeout(this.refreshTimer);
    if (!(seconds > 0)) {
      return;
    }
    this.refreshTimer = setTimeout(async () => {
      try {
        await this.authenticate(this.usePath[0].toString());
      } catch (e) {
        this.onerror(e);
      }
    }, seconds * 800);
  }

  /** What this client's sessions put in the SDP's a=path: the Use-Path, then its own URI. */
  path(session) {
    return [...this.usePath, session.self];
  }

  /** A session towards `remotePath` (the peer's a=path), with a URI of its own. */
  session(remotePath) {
    if (!this.usePath) {
      throw new Error('connect() first');
    }
    const self = new MsrpUri({ ...this.self, sessionId: randomToken(20) });
    const s = new ClientSession(this, self, remotePath);
    this.sessions.set(self.sessionId, s);
    return s;
  }

  close() {
    clearTimeout(this.refreshTimer);
    this.ws?.close(1000, 'bye');
  }

  // -------------------------------------------------------------------------------------------
  // AUTH (RFC 4976 §5)

  async authenticate(uri) {
    const auth = (extra) => ({
      tid: randomToken(12),
      method: 'AUTH',
      headers: [['To-Path', uri], ['From-Path', this.self.toString()], ...extra],
    });
    let r = await this.request(auth([]));
    for (let round = 0; r.code === 401 && round < 2; round++) {
      const challenges = r.headers.filter(([n]) => n.toLowerCase() === 'www-authenticate').map(([, v]) => v);
      const c = chooseChallenge(challenges);
      if (round > 0 && !c.stale) {
        break;
      }
      const credentials = await answer(c, this.username, this.password, uri);
      r = await this.request(auth([['Authorization', credentials]]));
    }
    if (r.code === 401) {
      throw new MsrpError('auth', 'the relay refused the user name or password');
    }
    if (r.code !== 200) {
      throw new MsrpError('auth', `the relay answered AUTH with ${r.code} ${r.comment ?? ''}`.trim());
    }
    const use = header(r, 'Use-Path');
    if (!use) {
      throw new MsrpError('auth', 'the relay granted no Use-Path');
    }
    this.scheduleRefresh(Number(header(r, 'Expires') ?? 0));
    return parsePath(use);
  }

  // -------------------------------------------------------------------------------------------
  // Transactions

  /** Sends a request chunk; resolves with its response chunk (or rejects after the time-out). */
  request(chunk) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.transactions.delete(chunk.tid);
        reject(new MsrpError('timeout', `no response to ${chunk.method} in ${this.transactionTimeoutMs} ms`));
      }, this.transactionTimeoutMs);
      this.transactions.set(chunk.tid, { resolve, reject, timer });
      try {
        this.write(chunk);
      } catch (e) {
        clearTimeout(timer);
        this.transactions.delete(chunk.tid);
        reject(e);
      }
    });
  }

  write(chunk) {
    if (!this.ws || this.ws.readyState !== 1) {
      throw new MsrpError('connection', 'not connected to the relay');
    }
    this.ws.send(encodeChunk(chunk));
  }

  received(data) {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
    let chunk;
    try {
      chunk = parseChunk(bytes, this.limits);
    } catch (e) {
      this.onerror(e);
      return;
    }
    if (chunk.code !== null) {
      const t = this.transactions.get(chunk.tid);
      if (t) {
        this.transactions.delete(chunk.tid);
        clearTimeout(t.timer);
        t.resolve(chunk);
      }
      return;
    }
    let to;
    try {
      to = parsePath(header(chunk, 'To-Path'));
    } catch (e) {
      this.respond(chunk, 400, 'Bad Request');
      this.onerror(e);
      return;
    }
    const session = this.sessions.get(to[0].sessionId);
    if (!session || !to[0].equals(session.self)) {
      this.respond(chunk, 481, 'Session Does Not Exist');
      return;
    }
    session.received(chunk);
  }

  /** A response to `request`, hop by hop (RFC 4975 §7.2): to its sender's first URI. */
  respond(request, code, comment) {
    if (request.method === 'REPORT') {
      return; // REPORTs are never answered
    }
    const fr = (header(request, 'Failure-Report') ?? 'yes').toLowerCase();
    if (fr === 'no' || (fr === 'partial' && code === 200)) {
      return; // RFC 4975 §7.2: no response at all, or only for errors
    }
    const from = header(request, 'From-Path');
    const to = header(request, 'To-Path');
    if (!from || !to) {
      return;
    }
    try {
      this.write({
        tid: request.tid,
        code,
        comment,
        headers: [['To-Path', from.trim().split(/\s+/)[0]], ['From-Path', to.trim().split(/\s+/)[0]]],
      });
    } catch (e) {
      this.onerror(e);
    }
  }

  closed(code, reason) {
    clearTimeout(this.refreshTimer);
    for (const [tid, t] of this.transactions) {
      clearTimeout(t.timer);
      t.reject(new MsrpError('connection', `the connection closed (${code}) before ${tid} was answered`));
    }
    this.transactions.clear();
    for (const s of this.sessions.values()) {
      s.inbox.clear();
    }
    this.onclose({ code, reason });
  }
}

/**
 * The longest wait for onmessage's verdict: a report must still find its sender waiting (this
 * library's senders wait 30 s and 0.3 s per MB after their last chunk), and a timer of more than
 * 2^31 - 1 ms would fire at once.
 */
const MAX_VERDICT_MS = 10 * 60 * 1000;

/** `ms` when it is a time-out of `name` the client can keep (a number in (0, max]); throws otherwise. */
function checkedTimeout(name, ms, max) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0 || ms > max) {
    throw new RangeError(`${name} must be a number of milliseconds above 0 and at most ${max}, not ${String(ms)}`);
  }
  return ms;
}

/**
 * Reads a Blob (a File) piece by piece through blocks of 1 MiB: one read from disk serves the
 * chunks cut from it, whichever lane asks. Two blocks are kept at most.
 */
function blockReader(blob, blockSize = 1 << 20) {
  const blocks = new Map(); // block index → Promise<Uint8Array>
  const block = (i) => {
    if (!blocks.has(i)) {
      blocks.set(i, blob.slice(i * blockSize, Math.min(blob.size, (i + 1) * blockSize)).arrayBuffer().then((b) => new Uint8Array(b)));
      for (const k of blocks.keys()) {
        if (k < i - 1) {
          blocks.delete(k);
        }
      }
    }
    return blocks.get(i);
  };
  return async (start, end) => {
    const first = Math.floor(start / blockSize);
    const last = Math.floor((end - 1) / blockSize);
    if (first === last) {
      return (await block(first)).subarray(start - first * blockSize, end - first * blockSize);
    }
    return new Uint8Array(await blob.slice(start, end).arrayBuffer()); // a piece across two blocks
  };
}

/**
 * A REPORT's Status (RFC 4975 §7.1.2: namespace SP status-code [SP comment]) as { code, comment };
 * code is null when the value is no such status.
 */
export function parseStatus(status) {
  const m = /^\s*\d{3} (\d{3})(?: (.*))?$/.exec(status ?? '');
  return m ? { code: Number(m[1]), comment: (m[2] ?? '').trim() } : { code: null, comment: (status ?? '').trim() };
}

/** The Status of a failure REPORT for a message the application refused (why 400: ClientSession.report). */
const REJECTED = '000 400 Bad Request';

/**
 * An error for onmessage to throw (or its promise to reject with) when it cannot take a message
 * for a reason RFC 4975 §10 has a code for: the failure REPORT then says `code comment`, e.g.
 * refused(415, 'Unsupported Media Type', 'image/png is no chat line') (RFC 4975 §7.1.2).
 */
export function refused(code, comment, why = comment) {
  return Object.assign(new MsrpError('refused', why), { status: `000 ${code} ${comment}` });
}

/** The Status of the failure REPORT for a message refused with `e`: its own (refused), else REJECTED. */
function failureStatus(e) {
  return /^000 [45]\d\d(?: [^\r\n]*)?$/.test(e?.status ?? '') ? e.status : REJECTED;
}

/**
 * Whether a REPORT's Byte-Range covers the whole message (1-N/N), and N is `size` when the
 * message's size is known: a success for part of a message (RFC 4975 §7.1.2) is no delivery.
 */
function wholeMessage(range, size) {
  const m = /^1-(\d+)\/(\d+)$/.exec((range ?? '').trim());
  return !!m && m[1] === m[2] && (size === undefined || Number(m[2]) === size);
}

/** One MSRP session of a client: its own URI, the peer's path, messages both ways. */
export class ClientSession {
  constructor(client, self, remotePath) {
    this.client = client;
    this.self = self;
    this.remotePath = remotePath;
    this.inbox = new Reassembly({ maxMessages: client.maxMessages, maxBytes: client.maxMessageBytes });
    this.reports = new Map(); // Message-ID → waiter of a message sent with successReport
  }

  toPath() {
    return formatPath([...this.client.usePath, ...this.remotePath]);
  }

  /**
   * Ends the session here: what comes for it is answered 481, its messages in progress go, and
   * nothing more is written for it (no chunk, no REPORT of a verdict that comes later).
   */
  close() {
    this.closed = true;
    this.client.sessions.delete(this.self.sessionId);
    this.inbox.clear();
    for (const w of this.reports.values()) {
      w.fail(new MsrpError('session', 'the session closed before the success report came'));
    }
  }

  /** A request of this session; none goes once it is closed (its peer and relays forgot it). */
  request(chunk) {
    if (this.closed) {
      return Promise.reject(new MsrpError('session', `the session is closed: no ${chunk.method} goes`));
    }
    return this.client.request(chunk);
  }

  /** The active side's first request (RFC 4975 §5.4): a SEND without body binds the session. */
  async bind() {
    const r = await this.request({
      tid: randomToken(12),
      method: 'SEND',
      headers: [['To-Path', this.toPath()], ['From-Path', this.self.toString()], ['Message-ID', randomToken(16)], ['Byte-Range', '1-0/0']],
    });
    if (r.code !== 200) {
      throw new MsrpError('response', `the bind was answered ${r.code} ${r.comment ?? ''}`.trim());
    }
  }

  /**
   * Sends a message in chunks of the client's size, a window of them in flight; resolves with its
   * Message-ID once every chunk got its 200 — with `successReport`, once the peer's REPORT said
   * it has the whole message too (through relays, which answer chunks themselves, only that
   * says so; rejected on a failure status or `reportTimeoutMs` after the last chunk's 200, by
   * default 30 s and 0.3 s per MB). `body`: a string (UTF-8),
   * a Uint8Array, or { size, slice(start, end) → Promise<Uint8Array> } (a File read piece by piece).
   * `onStart(messageId)` is called before the first chunk goes: a failure REPORT (onreport) may
   * come before this promise resolves, and the caller can match it only by that Message-ID.
   */
  async send(contentType, body, { successReport = false, onProgress = () => {}, reportTimeoutMs = null, onStart = () => {} } = {}) {
    const source = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const size = source.size ?? source.length;
    let read;
    if (source instanceof Uint8Array) {
      read = async (s, e) => source.subarray(s, e);
    } else if (typeof Blob !== 'undefined' && source instanceof Blob) {
      read = blockReader(source); // a File
    } else {
      read = (s, e) => source.slice(s, e); // { size, slice(start, end) → Promise<Uint8Array> }
    }
    const messageId = randomToken(16);
    onStart(messageId);
    let failed = false;
    const reported = successReport ? this.awaitReport(messageId, size) : null;
    // A failure report (or the session's end) during the upload stops it; handled at the end.
    reported?.catch(() => {
      failed = true;
    });
    const all = pieces(size, this.client.chunkSize);
    let sent = 0;
    let next = 0;
    const one = async (p) => {
      const data = await read(p.start - 1, p.end);
      for (let attempt = 0; ; attempt++) {
        try {
          const r = await this.request({
            tid: randomToken(12),
            method: 'SEND',
            headers: [
              ['To-Path', this.toPath()],
              ['From-Path', this.self.toString()],
              ['Message-ID', messageId],
              ['Success-Report', successReport ? 'yes' : 'no'],
              ['Byte-Range', `${p.start}-${p.end}/${size}`],
              ['Content-Type', contentType],
            ],
            body: data,
            flag: p.last ? '$' : '+',
          });
          if (r.code !== 200) {
            throw new MsrpError('response', `a chunk was answered ${r.code} ${r.comment ?? ''}`.trim());
          }
          break;
        } catch (e) {
          if (e.rule !== 'content-has-end-line' || attempt > 3) {
            throw e; // a body holding the end-line of one random tid is retried under another
          }
        }
      }
      sent += p.end - p.start + 1;
      onProgress(sent, size);
    };
    const lanes = Array.from({ length: Math.min(this.client.window, all.length) }, async () => {
      while (next < all.length && !failed) {
        try {
          await one(all[next++]);
        } catch (e) {
          failed = true; // the other lanes take no more pieces
          throw e;
        }
      }
    });
    try {
      await Promise.all(lanes);
    } catch (e) {
      this.reports.get(messageId)?.fail(e);
      reported?.catch(() => {});
      throw e;
    }
    if (reported) {
      // Timed from the last chunk's 200: the receiver may check the whole message (a file's
      // hash) before it reports, a little longer for a larger one.
      this.reports.get(messageId)?.arm(reportTimeoutMs ?? 30000 + Math.ceil(size / 1048576) * 300);
      await reported;
    }
    return messageId;
  }

  /**
   * A promise of the success REPORT for `messageId` (of `size` bytes), made before its first
   * chunk goes; its time-out runs from `arm(ms)`.
   */
  awaitReport(messageId, size) {
    return new Promise((resolve, reject) => {
      let timer = null;
      const done = () => {
        clearTimeout(timer);
        this.reports.delete(messageId);
      };
      this.reports.set(messageId, {
        size,
        arm: (ms) => {
          timer = setTimeout(() => {
            done();
            reject(new MsrpError('report', `no success report for ${messageId} in ${ms} ms after its last chunk`));
          }, ms);
        },
        status: (status) => {
          done();
          if (/^\d{3} 200\b/.test(status ?? '')) {
            resolve();
          } else {
            // The status itself, for a caller that tells its user (e.g. "not delivered: 481 ...").
            reject(Object.assign(new MsrpError('report', `the peer reported ${status}`), { status }));
          }
        },
        fail: (e) => {
          done();
          reject(e);
        },
      });
    });
  }

  received(chunk) {
    const c = this.client;
    if (chunk.method === 'REPORT') {
      this.reported(chunk);
      return;
    }
    if (chunk.method !== 'SEND') {
      c.respond(chunk, 501, 'Not Implemented');
      return;
    }
    const messageId = header(chunk, 'Message-ID');
    const range = header(chunk, 'Byte-Range') ?? `1-${chunk.body.length}/${chunk.body.length}`;
    if (!messageId) {
      c.respond(chunk, 400, 'Bad Request');
      return;
    }
    if (chunk.body.length === 0 && range.startsWith('1-0/')) {
      c.respond(chunk, 200, 'OK'); // the peer's bind
      return;
    }
    let done;
    try {
      done = this.inbox.add(messageId, range, header(chunk, 'Content-Type') ?? 'text/plain', chunk.body, chunk.flag);
    } catch (e) {
      c.respond(chunk, e.rule === 'message-size' ? 413 : 400, e.rule === 'message-size' ? 'Message Too Large' : 'Bad Request');
      c.onerror(e);
      return;
    }
    c.respond(chunk, 200, 'OK');
    const total = Number(/\/([0-9]+)$/.exec(range)?.[1] ?? chunk.body.length);
    if (!done) {
      c.onprogress({ session: this, messageId, received: Number(/-([0-9]+)\//.exec(range)?.[1] ?? 0), total });
      return;
    }
    let verdict;
    try {
      verdict = c.onmessage({
        session: this,
        messageId,
        contentType: done.contentType,
        body: done.body,
        from: header(chunk, 'From-Path'),
      });
    } catch (e) {
      verdict = Promise.reject(e);
    }
    this.report(chunk, done.body.length, verdict);
  }

  /**
   * A REPORT from the peer or a relay (RFC 4975 §7.1.2): a failure settles its message as failed,
   * a success only when it covers the whole message. One without a status code (Status is
   * mandatory, §9.1) or a success for part of the message (a receiver may report per chunk) says
   * nothing of the delivery: it settles nothing and does not reach onreport.
   */
  reported(chunk) {
    const messageId = header(chunk, 'Message-ID');
    const status = header(chunk, 'Status');
    const { code } = parseStatus(status);
    const waiter = this.reports.get(messageId);
    if (code === null || (code === 200 && !wholeMessage(header(chunk, 'Byte-Range'), waiter?.size))) {
      return;
    }
    waiter?.status(status);
    this.client.onreport({ session: this, messageId, status });
  }

  /**
   * Reports a whole message to its sender (RFC 4975 §7.1.2) once the application's verdict on it
   * is known, so that the sender is never told "delivered" for a message the application refused
   * (a file whose SHA-1 is not the one its offer announced). A success REPORT goes only when the
   * sender asked for one (Success-Report: yes) and the verdict is truthy or none (undefined); a
   * failure REPORT goes otherwise, unless the sender asked for none (Failure-Report: no; "yes",
   * the default, and "partial" both take failure reports).
   *
   * The failure's status is 400 unless the verdict's error says another (refused): of RFC 4975
   * §10's codes it is the one for a request the receiver could not make sense of
   * ("unintelligible"); 415 would tell the sender its media type is not understood, which is not
   * the trouble of a file whose hash is wrong and could make it retry in another type (an
   * application that does not take the type says 415 itself); 413 would ask it to stop sending a
   * message already whole. The comment stays the generic one: the receiving application tells
   * its own user why.
   *
   * A verdict that does not come within the client's verdictTimeoutMs is a refusal: the sender
   * hears it failed rather than nothing. Once the session or its connection closed while the
   * verdict was awaited, nothing is written: the session is gone at both ends.
   */
  async report(chunk, bytes, verdict) {
    const c = this.client;
    const ws = c.ws;
    const successReport = (header(chunk, 'Success-Report') ?? 'no').toLowerCase() === 'yes';
    const failureReport = (header(chunk, 'Failure-Report') ?? 'yes').toLowerCase() !== 'no';
    let ok;
    let status = '000 200 OK';
    let timer = null;
    const late = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new MsrpError('verdict', `no verdict on ${header(chunk, 'Message-ID')} in ${c.verdictTimeoutMs} ms`)), c.verdictTimeoutMs);
    });
    try {
      const v = await Promise.race([verdict, late]);
      ok = v === undefined || !!v;
      status = ok ? status : REJECTED;
    } catch (e) {
      c.onerror(e); // the application could not take the message: the sender hears it failed
      ok = false;
      status = failureStatus(e);
    } finally {
      clearTimeout(timer);
    }
    if (ok ? !successReport : !failureReport) {
      return;
    }
    if (this.closed || c.ws !== ws || ws?.readyState !== 1) {
      return; // closed while the verdict was awaited
    }
    try {
      c.write({
        tid: randomToken(12),
        method: 'REPORT',
        headers: [
          ['To-Path', header(chunk, 'From-Path')],
          ['From-Path', this.self.toString()],
          ['Message-ID', header(chunk, 'Message-ID')],
          ['Byte-Range', `1-${bytes}/${bytes}`],
          ['Status', status],
        ],
      });
    } catch (e) {
      c.onerror(e);
    }
  }
}
