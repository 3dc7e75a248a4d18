import { parseCpim, formatCpim } from '../msrp/cpim.js';
import { parseStatus, refused } from '../msrp/client.js';
import { MsrpError } from '../msrp/errors.js';
import { CPIM, IMDN, IS_COMPOSING, imdnMessage, imdnRequest, imdnNotification, parseImdn, isComposing, parseIsComposing } from '../msrp/im.js';

const IDLE_AFTER_MS = 15000; // RFC 3994 §3: idle after a while without a keystroke
const REFRESH_S = 60; // the refresh an active status announces (re-sent at half of it)
const KEPT = 1024; // sent lines whose marks can still change (the oldest are forgotten)

/** Remembers `key` → `value` in `map`, forgetting the oldest entry past KEPT. */
function remember(map, key, value) {
  map.set(key, value);
  if (map.size > KEPT) {
    map.delete(map.keys().next().value);
  }
}

/**
 * Whether the peer said it has a sent line (its IMDN, a success report): nothing this end sees
 * later (a failure report of a relay, a send that failed here) undoes that.
 */
function delivered(el) {
  return ['delivered', 'displayed'].includes(el.dataset.status);
}

/** Whether a peer's accept list (a=accept-types, a=accept-wrapped-types) takes `type`. */
export function accepts(list, type) {
  const t = type.toLowerCase();
  return list.some((a) => {
    const l = a.toLowerCase();
    return l === '*' || l === t || (l.endsWith('/*') && t.startsWith(l.slice(0, -1)));
  });
}

/**
 * The text of a text/plain body in its charset (UTF-8 when it names none). Throws when the page
 * cannot read it: refused(415) for a charset it does not know, an error (a 400 report) for bytes
 * that are not in the charset, so that the sender is not told it arrived.
 */
function plainText(type, bytes) {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(type)?.[1] ?? 'utf-8';
  let decoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw refused(415, 'Unsupported Media Type', `a chat line in charset ${charset}, which the page cannot read`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new MsrpError('chat', `a chat line whose text is not ${charset}`);
  }
}

/**
 * One chat in the page: lines both ways, each sent line marked ✓ when delivered and ✓✓ when
 * displayed (IMDN, RFC 5438), or ✗ with the status when a failure REPORT (RFC 4975 §7.1.2) says
 * it never arrived; display notifications sent once a line is on a visible page, the peer's
 * typing shown and ours told (RFC 3994). `ui`: { line(text, mine) → element, note(element, text),
 * typing(bool), fail(error) }.
 */
export class Conversation {
  constructor(msrp, remote, self, peer, ui) {
    this.msrp = msrp;
    this.remote = remote;
    this.self = self;
    this.peer = peer;
    this.ui = ui;
    this.marks = new Map(); // imdn.Message-ID of a sent line → its element (bounded: KEPT)
    this.sent = new Map(); // MSRP Message-ID of a sent line → its element (bounded: KEPT)
    this.toDisplay = []; // requests of lines shown while the page was hidden
    this.activeSentAt = 0;
    this.idleTimer = null;
    this.peerTimer = null;
    this.cpim = accepts(remote.acceptTypes, CPIM);
    this.statusType = accepts(remote.acceptTypes, IS_COMPOSING) ? IS_COMPOSING : this.cpim && accepts(remote.acceptWrapped, IS_COMPOSING) ? CPIM : null;
    this.onVisible = () => this.flushDisplayed();
    document.addEventListener('visibilitychange', this.onVisible);
  }

  /**
   * Sends a line: in CPIM asking for notifications when the peer takes CPIM, plain otherwise.
   * Its MSRP Message-ID is kept from before its first chunk goes: a failure REPORT may come
   * before the send resolves. A send that fails marks only its own line, and not one the peer's
   * IMDN already said it has (the 200 of a chunk that did arrive may still time out).
   */
  async send(text) {
    clearTimeout(this.idleTimer);
    this.activeSentAt = 0; // the message itself ends our composing state (RFC 3994 §3)
    const el = this.ui.line(text, true);
    el.dataset.status = 'sending';
    const onStart = (messageId) => remember(this.sent, messageId, el);
    try {
      if (this.cpim) {
        const { id, bytes } = imdnMessage(this.self, this.peer, text);
        remember(this.marks, id, el);
        await this.msrp.send(CPIM, bytes, { onStart });
      } else {
        await this.msrp.send('text/plain;charset=UTF-8', text, { onStart });
      }
    } catch (e) {
      if (!delivered(el)) {
        this.failed(el, `not sent: ${e.message ?? e}`);
      }
      throw e;
    }
    if (el.dataset.status === 'sending') {
      el.dataset.status = 'sent'; // unless a report or notification already said more
    }
  }

  /**
   * A REPORT for a message of this session (RFC 4975 §7.1.2). A failure marks its line failed
   * with the status, so that the user does not believe it arrived; a success marks it delivered.
   * Neither undoes what the peer's own IMDN said (delivered, displayed): the peer's word that it
   * has the line outranks a relay's report, e.g. a 408 time-out on a hop that did deliver.
   */
  reported(messageId, status) {
    const el = this.sent.get(messageId);
    if (!el || delivered(el)) {
      return; // not a line (a notification, a typing status), or already known delivered
    }
    const { code, comment } = parseStatus(status);
    if (code === 200) {
      this.mark(el, 'delivered');
    } else {
      this.failed(el, `not delivered: ${code ?? ''} ${comment}`.replace(/\s+/g, ' ').trim());
    }
  }

  /** Marks a sent line delivered or displayed; a failure said before (a relay's) no longer holds. */
  mark(el, status) {
    el.dataset.status = status;
    this.ui.note(el, '');
  }

  /** Marks a sent line failed, saying why next to it. */
  failed(el, why) {
    el.dataset.status = 'failed';
    this.ui.note(el, why);
  }

  /** The user typed: `active` now and again at half its refresh; `idle` after 15 s of nothing. */
  typed(draft) {
    if (!this.statusType) {
      return;
    }
    clearTimeout(this.idleTimer);
    if (draft === '') {
      if (this.activeSentAt) {
        this.activeSentAt = 0;
        this.status('idle');
      }
      return;
    }
    if (Date.now() - this.activeSentAt > (REFRESH_S * 1000) / 2) {
      this.activeSentAt = Date.now();
      this.status('active');
    }
    this.idleTimer = setTimeout(() => {
      this.activeSentAt = 0;
      this.status('idle');
    }, IDLE_AFTER_MS);
  }

  status(state) {
    let body = isComposing(state, REFRESH_S);
    if (this.statusType === CPIM) {
      body = wrapped(this.self, this.peer, IS_COMPOSING, body);
    }
    this.msrp.send(this.statusType, body).catch((e) => this.ui.fail(e));
  }

  /**
   * A complete message of this session: a line, a notification or a typing status. Anything
   * else, or one of these that cannot be read, throws (the MSRP client's verdict: a failure
   * REPORT, 415 for a type the page does not show), and nothing is shown.
   */
  received(contentType, body) {
    let type = contentType.toLowerCase();
    let content = body;
    let request = null;
    if (type.startsWith(CPIM)) {
      const m = parseCpim(body);
      type = m.contentType.toLowerCase();
      content = m.body;
      request = imdnRequest(m.headers);
    }
    if (type.startsWith(IMDN)) {
      const n = parseImdn(content);
      const el = this.marks.get(n.id);
      if (!el || el.dataset.status === 'displayed') {
        return; // a late notification never undoes a display
      }
      if (n.status === 'delivered' || n.status === 'displayed') {
        this.mark(el, n.status);
      } else if (['failed', 'forbidden', 'error'].includes(n.status)) {
        this.failed(el, `not delivered: the peer says ${n.status}`);
      } // processed, stored: on its way, no mark of their own
      return;
    }
    if (type.startsWith(IS_COMPOSING)) {
      const s = parseIsComposing(content);
      this.peerTyping(s.state === 'active', s.refresh);
      return;
    }
    if (!type.startsWith('text/plain')) {
      throw refused(415, 'Unsupported Media Type', `a message of type ${type.split(';')[0]}: the chat shows text only`);
    }
    const text = plainText(type, content);
    this.peerTyping(false);
    this.ui.line(text, false);
    if (request?.delivery) {
      this.notify(request, 'delivered');
    }
    if (request?.display) {
      this.toDisplay.push(request);
      if (this.toDisplay.length > 1024) {
        this.toDisplay.shift(); // a hidden page does not hold notifications without bound
      }
      this.flushDisplayed();
    }
  }

  peerTyping(active, refresh = null) {
    clearTimeout(this.peerTimer);
    this.ui.typing(active);
    if (active) {
      // RFC 3994 §4: active until its refresh (default 120 s) passes without a new status.
      this.peerTimer = setTimeout(() => this.ui.typing(false), (refresh ?? 120) * 1000);
    }
  }

  flushDisplayed() {
    if (document.visibilityState !== 'visible') {
      return;
    }
    for (const r of this.toDisplay.splice(0)) {
      this.notify(r, 'displayed');
    }
  }

  notify(request, status) {
    this.msrp.send(CPIM, imdnNotification(request, this.self, status)).catch((e) => this.ui.fail(e));
  }

  close() {
    clearTimeout(this.idleTimer);
    clearTimeout(this.peerTimer);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.ui.typing(false);
  }
}

/** A status in CPIM, for a peer that takes it only wrapped. */
function wrapped(self, peer, type, body) {
  return formatCpim([['From', `<${self}>`], ['To', `<${peer}>`], ['DateTime', new Date().toISOString()]], type, body);
}
