import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MsrpClient, parseStatus, refused } from '../src/msrp/client.js';
import { parseChunk, encodeChunk, header } from '../src/msrp/frame.js';
import { parsePath } from '../src/msrp/uri.js';

/**
 * A relay in-process behind a fake WebSocket: AUTH with a Digest challenge (checked with
 * node:crypto), Use-Path and Expires; SENDs answered by `onSend`.
 */
function fakeRelay({ expires = 600, onSend = () => 200 } = {}) {
  const relay = { auths: [], sends: [], auth: null };
  relay.WebSocket = class {
    constructor(url, protocol) {
      assert.equal(protocol, 'msrp');
      this.protocol = 'msrp';
      this.readyState = 1;
      relay.socket = this;
      queueMicrotask(() => this.onopen());
    }
    send(bytes) {
      const c = parseChunk(bytes);
      const reply = (code, comment, extra = []) => {
        const to = header(c, 'From-Path').split(' ')[0];
        const from = header(c, 'To-Path').split(' ')[0];
        const out = encodeChunk({ tid: c.tid, code, comment, headers: [['To-Path', to], ['From-Path', from], ...extra] });
        queueMicrotask(() => this.onmessage({ data: out.buffer.slice(out.byteOffset, out.byteOffset + out.length) }));
      };
      if (c.method === 'AUTH') {
        relay.auths.push(header(c, 'To-Path'));
        const cred = header(c, 'Authorization');
        if (!cred) {
          reply(401, 'Unauthorized', [['WWW-Authenticate', 'Digest realm="r", nonce="n1", qop="auth", algorithm=MD5']]);
          return;
        }
        const p = Object.fromEntries([...cred.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
        const H = (x) => createHash('md5').update(x).digest('hex');
        const good = H(`${H('alice:r:pw')}:n1:${p.nc}:${p.cnonce}:auth:${H(`AUTH:${p.uri}`)}`);
        if (p.response !== good) {
          reply(401, 'Unauthorized', [['WWW-Authenticate', 'Digest realm="r", nonce="n1", qop="auth"']]);
          return;
        }
        reply(200, 'OK', [['Use-Path', 'msrp://relay.test:2855/u1;tcp'], ['Expires', String(expires)]]);
        relay.auth?.();
        return;
      }
      relay.sends.push(c);
      reply(onSend(c, relay.sends.length), 'X');
    }
    close() {
      this.readyState = 3;
    }
  };
  return relay;
}

test('the binding is renewed by an AUTH to the Use-Path before Expires', async () => {
  const relay = fakeRelay({ expires: 1 });
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket });
  await c.connect();
  assert.deepEqual(relay.auths, ['msrp://relay.test:80;ws', 'msrp://relay.test:80;ws']);
  await new Promise((resolve) => {
    relay.auth = resolve; // the refresh's 200
  });
  assert.equal(relay.auths.at(-1), 'msrp://relay.test:2855/u1;tcp');
  c.close();
});

test('a wrong password is told as such', async () => {
  const relay = fakeRelay();
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'nope', WebSocket: relay.WebSocket });
  await assert.rejects(c.connect(), (e) => e.rule === 'auth' && /password/.test(e.message));
});

test('a chunk refused stops the message: no more of it is sent', async () => {
  const relay = fakeRelay({ onSend: (chunk, n) => (n === 1 ? 413 : 200) });
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket, chunkSize: 10, window: 4 });
  await c.connect();
  const s = c.session(parsePath('msrp://bob.test:7/b1;tcp'));
  await assert.rejects(s.send('text/plain', 'x'.repeat(1000)), (e) => e.rule === 'response' && /413/.test(e.message));
  assert.ok(relay.sends.length <= 4, `sent ${relay.sends.length} chunks of 100`);
  c.close();
});

test('a Blob (a File) is read piece by piece', async () => {
  const relay = fakeRelay();
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket, chunkSize: 7 });
  await c.connect();
  const s = c.session(parsePath('msrp://bob.test:7/b1;tcp'));
  await s.send('text/plain', new Blob(['hello, a file of some bytes']));
  const got = relay.sends.map((x) => new TextDecoder().decode(x.body)).join('');
  assert.equal(got, 'hello, a file of some bytes');
  assert.equal(header(relay.sends.at(-1), 'Byte-Range'), '22-27/27');
  c.close();
});

/** Delivers a REPORT for `chunk`'s message to the client, as the peer would through the relay. */
function report(relay, chunk, status) {
  const out = encodeChunk({
    tid: 'rep' + Math.random().toString(36).slice(2, 10),
    method: 'REPORT',
    headers: [
      ['To-Path', header(chunk, 'From-Path')],
      ['From-Path', 'msrp://bob.test:7/b1;tcp'],
      ['Message-ID', header(chunk, 'Message-ID')],
      ['Byte-Range', '1-4/4'],
      ['Status', status],
    ],
  });
  queueMicrotask(() => relay.socket.onmessage({ data: out.buffer.slice(out.byteOffset, out.byteOffset + out.length) }));
}

test('with successReport, a message is sent once the peer reports it whole, and fails on a failure report', async () => {
  let sent = null;
  const relay = fakeRelay({
    onSend: (chunk) => {
      sent(chunk);
      return 200;
    },
  });
  const nextSend = () => new Promise((resolve) => (sent = resolve));
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket });
  await c.connect();
  const s = c.session(parsePath('msrp://bob.test:7/b1;tcp'));
  let chunk = nextSend();
  let settled = false;
  const ok = s.send('text/plain', 'file', { successReport: true }).finally(() => (settled = true));
  const first = await chunk;
  assert.equal(header(first, 'Success-Report'), 'yes');
  await c.request({ tid: 'probe1', method: 'SEND', headers: [['To-Path', 'msrp://bob.test:7/b1;tcp'], ['From-Path', s.self.toString()]] });
  assert.equal(settled, false, 'its 200 came, its report did not: not sent yet');
  report(relay, first, '000 200 OK');
  assert.equal(await ok, header(first, 'Message-ID'));
  chunk = nextSend();
  const refused = s.send('text/plain', 'file', { successReport: true });
  report(relay, await chunk, '000 413 Too Large');
  await assert.rejects(refused, (e) => e.rule === 'report' && e.status === '000 413 Too Large');
  chunk = nextSend();
  await assert.rejects(s.send('text/plain', 'file', { successReport: true, reportTimeoutMs: 30 }), (e) => e.rule === 'report');
  assert.equal(s.reports.size, 0);
  c.close();
});

test('parseStatus reads a REPORT status: its code and comment, without the namespace', () => {
  assert.deepEqual(parseStatus('000 481 Session Does Not Exist'), { code: 481, comment: 'Session Does Not Exist' });
  assert.deepEqual(parseStatus('000 200'), { code: 200, comment: '' });
  assert.equal(parseStatus('garbage').code, null);
});

test('onStart gives the Message-ID before the first chunk goes: a failure report is matched by it', async (t) => {
  const { relay, c, s } = await receiver(t);
  const reports = [];
  c.onreport = (r) => reports.push(r);
  let started = null;
  const id = await s.send('text/plain', 'line', {
    onStart: (messageId) => {
      started = messageId;
      assert.equal(relay.sends.length, 0, 'told before any chunk went');
    },
  });
  assert.equal(id, started);
  report(relay, relay.sends[0], '000 481 Session Does Not Exist');
  await until(() => reports.length === 1);
  assert.equal(reports[0].messageId, started);
  assert.equal(reports[0].session, s);
  assert.equal(parseStatus(reports[0].status).code, 481);
});

/** Resolves once `cond()` holds (polled on timers: the fake socket delivers on microtasks). */
async function until(cond, ms = 2000) {
  for (const end = Date.now() + ms; !cond(); ) {
    assert.ok(Date.now() < end, 'timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Delivers the peer's one-chunk SEND of `text` to session `s`, as the relay forwards it. */
function deliver(relay, s, text, extra = []) {
  const messageId = 'm' + Math.random().toString(36).slice(2, 10);
  const body = new TextEncoder().encode(text);
  const out = encodeChunk({
    tid: 'snd' + Math.random().toString(36).slice(2, 10),
    method: 'SEND',
    headers: [
      ['To-Path', s.self.toString()],
      ['From-Path', 'msrp://bob.test:7/b1;tcp'],
      ['Message-ID', messageId],
      ['Byte-Range', `1-${body.length}/${body.length}`],
      ...extra,
      ['Content-Type', 'text/plain'],
    ],
    body,
  });
  queueMicrotask(() => relay.socket.onmessage({ data: out.buffer.slice(out.byteOffset, out.byteOffset + out.length) }));
  return messageId;
}

/** What the client wrote about `messageId`: its 200 responses and its REPORTs' statuses. */
function written(relay, messageId) {
  const reports = relay.sends.filter((x) => x.method === 'REPORT' && header(x, 'Message-ID') === messageId);
  return { reports: reports.map((x) => header(x, 'Status')), byteRanges: reports.map((x) => header(x, 'Byte-Range')) };
}

/** A connected client with a session towards bob, closed when test `t` ends however it ends. */
async function receiver(t, options = {}) {
  const relay = fakeRelay();
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket, ...options });
  await c.connect();
  t.after(() => c.close()); // its refresh timer would hold the test run open
  const s = c.session(parsePath('msrp://bob.test:7/b1;tcp'));
  return { relay, c, s, responses: () => relay.sends.filter((x) => x.code === 200).length };
}

test("a success report waits for onmessage's verdict, and goes once it resolves truthy", async (t) => {
  const { relay, c, s, responses } = await receiver(t);
  let judge;
  c.onmessage = () => new Promise((resolve) => (judge = resolve));
  const id = deliver(relay, s, 'file', [['Success-Report', 'yes']]);
  await until(() => judge && responses() === 1); // the chunk's 200 went hop by hop at once
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(written(relay, id).reports, [], 'no report before the verdict');
  judge(true);
  await until(() => written(relay, id).reports.length === 1);
  assert.deepEqual(written(relay, id), { reports: ['000 200 OK'], byteRanges: ['1-4/4'] });
});

test('a verdict of false sends a failure report (400) instead of the success report', async (t) => {
  const { relay, c, s } = await receiver(t);
  c.onmessage = async () => false;
  const asked = deliver(relay, s, 'file', [['Success-Report', 'yes']]);
  await until(() => written(relay, asked).reports.length === 1);
  assert.deepEqual(written(relay, asked), { reports: ['000 400 Bad Request'], byteRanges: ['1-4/4'] });
  // Failure-Report defaults to yes (RFC 4975 §7.1.2): a failure is reported without a success asked.
  const unasked = deliver(relay, s, 'file');
  await until(() => written(relay, unasked).reports.length === 1);
  assert.deepEqual(written(relay, unasked).reports, ['000 400 Bad Request']);
  // An onmessage that throws refused the message as well, and is told through onerror.
  const errors = [];
  c.onerror = (e) => errors.push(e);
  c.onmessage = () => {
    throw new Error('cannot take it');
  };
  const thrown = deliver(relay, s, 'file', [['Success-Report', 'yes']]);
  await until(() => written(relay, thrown).reports.length === 1);
  assert.deepEqual(written(relay, thrown).reports, ['000 400 Bad Request']);
  assert.equal(errors[0].message, 'cannot take it');
  // Failure-Report: no asks for no failure report at all.
  c.onmessage = () => false;
  const none = deliver(relay, s, 'file', [['Success-Report', 'yes'], ['Failure-Report', 'no']]);
  const last = deliver(relay, s, 'after', [['Success-Report', 'yes'], ['Failure-Report', 'partial']]);
  await until(() => written(relay, last).reports.length === 1);
  assert.deepEqual(written(relay, none).reports, []);
  assert.deepEqual(written(relay, last).reports, ['000 400 Bad Request']);
});

test('without a verdict (undefined, as a chat message gives) the success report goes as before', async (t) => {
  const { relay, c, s } = await receiver(t);
  const got = [];
  c.onmessage = (m) => {
    got.push(new TextDecoder().decode(m.body));
  };
  const asked = deliver(relay, s, 'hello', [['Success-Report', 'yes']]);
  const unasked = deliver(relay, s, 'again');
  await until(() => got.length === 2 && written(relay, asked).reports.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(written(relay, asked).reports, ['000 200 OK']);
  assert.deepEqual(written(relay, unasked).reports, [], 'nothing asked, nothing reported');
  c.onmessage = async () => {}; // an async handler's promise of undefined is no verdict either
  const later = deliver(relay, s, 'later', [['Success-Report', 'yes']]);
  await until(() => written(relay, later).reports.length === 1);
  assert.deepEqual(written(relay, later).reports, ['000 200 OK']);
});

/** Delivers a REPORT with `headers` (besides the paths and Message-ID) for `chunk`'s message. */
function rawReport(relay, chunk, headers) {
  const out = encodeChunk({
    tid: 'rep' + Math.random().toString(36).slice(2, 10),
    method: 'REPORT',
    headers: [['To-Path', header(chunk, 'From-Path')], ['From-Path', 'msrp://bob.test:7/b1;tcp'], ['Message-ID', header(chunk, 'Message-ID')], ...headers],
  });
  queueMicrotask(() => relay.socket.onmessage({ data: out.buffer.slice(out.byteOffset, out.byteOffset + out.length) }));
}

test('a report without status code, or a success for part of the message, neither settles it nor reaches onreport', async (t) => {
  const { relay, c, s } = await receiver(t);
  const reports = [];
  c.onreport = (r) => reports.push(r.status);
  let settled = null;
  const sending = s.send('text/plain', 'file', { successReport: true }).then(
    () => (settled = 'sent'),
    (e) => (settled = e),
  );
  await until(() => relay.sends.length === 1);
  const chunk = relay.sends[0];
  rawReport(relay, chunk, [['Byte-Range', '1-4/4']]); // no Status
  rawReport(relay, chunk, [['Byte-Range', '1-4/4'], ['Status', 'delivered']]);
  rawReport(relay, chunk, [['Byte-Range', '1-2/4'], ['Status', '000 200 OK']]);
  rawReport(relay, chunk, [['Byte-Range', '3-4/4'], ['Status', '000 200 OK']]);
  rawReport(relay, chunk, [['Byte-Range', '1-2/2'], ['Status', '000 200 OK']]); // whole, of another size
  rawReport(relay, chunk, [['Status', '000 200 OK']]); // no Byte-Range
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(settled, null);
  assert.deepEqual(reports, []);
  rawReport(relay, chunk, [['Byte-Range', '1-4/4'], ['Status', '000 200 OK']]);
  await sending;
  assert.equal(settled, 'sent');
  assert.deepEqual(reports, ['000 200 OK']);
});

test('a message refused with a status of its own (refused(415, ...)) gets a failure report with that status', async (t) => {
  const { relay, c, s } = await receiver(t);
  c.onerror = () => {};
  c.onmessage = () => {
    throw refused(415, 'Unsupported Media Type', 'image/png is no chat line');
  };
  const id = deliver(relay, s, 'file', [['Success-Report', 'yes']]);
  await until(() => written(relay, id).reports.length === 1);
  assert.deepEqual(written(relay, id).reports, ['000 415 Unsupported Media Type']);
  // A status that is no failure, or holds a line break, is not taken: the generic 400 goes.
  c.onmessage = async () => {
    throw Object.assign(new Error('x'), { status: '000 200 OK' });
  };
  const odd = deliver(relay, s, 'file');
  await until(() => written(relay, odd).reports.length === 1);
  assert.deepEqual(written(relay, odd).reports, ['000 400 Bad Request']);
});


test('verdictTimeoutMs must be a positive finite number of ms, at most 10 minutes', () => {
  const options = { url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw' };
  for (const bad of [0, -1, NaN, Infinity, '5000', null, 600001, 2 ** 31]) {
    assert.throws(() => new MsrpClient({ ...options, verdictTimeoutMs: bad }), (e) => e instanceof RangeError && /verdictTimeoutMs/.test(e.message), String(bad));
  }
  assert.equal(new MsrpClient({ ...options, verdictTimeoutMs: 600000 }).verdictTimeoutMs, 600000);
  assert.equal(new MsrpClient(options).verdictTimeoutMs, 25000);
});

test('a verdict that never comes ends in a failure report after verdictTimeoutMs; a late one adds nothing', async (t) => {
  const { relay, c, s } = await receiver(t, { verdictTimeoutMs: 30 });
  const errors = [];
  c.onerror = (e) => errors.push(e);
  let judge;
  c.onmessage = () => new Promise((resolve) => (judge = resolve));
  const id = deliver(relay, s, 'file', [['Success-Report', 'yes']]);
  await until(() => written(relay, id).reports.length === 1);
  assert.deepEqual(written(relay, id).reports, ['000 400 Bad Request']);
  assert.equal(errors[0].rule, 'verdict');
  judge(true);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(written(relay, id).reports, ['000 400 Bad Request']);
});


test('a verdict that comes after the session or its connection closed writes no report', async (t) => {
  const { relay, c, s } = await receiver(t);
  const errors = [];
  c.onerror = (e) => errors.push(e);
  const judges = [];
  c.onmessage = () => new Promise((resolve) => judges.push(resolve));
  const one = deliver(relay, s, 'file', [['Success-Report', 'yes']]);
  await until(() => judges.length === 1);
  s.close();
  judges[0](true);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(written(relay, one).reports, [], 'no report for a closed session');
  // Nor any chunk of a message: a send on it fails without writing.
  const before = relay.sends.length;
  await assert.rejects(s.send('text/plain', 'late'), (e) => e.rule === 'session');
  assert.equal(relay.sends.length, before);
  const s2 = c.session(parsePath('msrp://bob.test:7/b2;tcp'));
  const two = deliver(relay, s2, 'file');
  await until(() => judges.length === 2);
  c.close();
  judges[1](false);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(written(relay, two).reports, [], 'no report once the connection closed');
  assert.deepEqual(errors, [], 'nor an error for a write that was never tried');
});

test('a session closed during an upload sends no more of it, and the send fails', async (t) => {
  let s;
  const relay = fakeRelay({
    onSend: (chunk, n) => {
      if (n === 2) {
        s.close();
      }
      return 200;
    },
  });
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket, chunkSize: 10, window: 1 });
  await c.connect();
  t.after(() => c.close());
  s = c.session(parsePath('msrp://bob.test:7/b1;tcp'));
  await assert.rejects(s.send('text/plain', 'x'.repeat(100)), (e) => e.rule === 'session');
  assert.equal(relay.sends.length, 2);
});
