import { MsrpError } from './errors.js';

/**
 * Messages in chunks (RFC 4975 §5.1): the pieces a message is sent in, and the reassembly of the
 * ones received, bounded in size and number whatever a peer sends.
 */

/** Byte-Range: start-end/total (RFC 4975 §9), `*` for an unknown end or total. */
export function parseByteRange(value) {
  const m = /^([0-9]{1,15})-([0-9]{1,15}|\*)\/([0-9]{1,15}|\*)$/.exec(String(value).trim());
  if (!m) {
    throw new MsrpError('Byte-Range', `not start-end/total: ${value}`);
  }
  const start = Number(m[1]);
  const end = m[2] === '*' ? null : Number(m[2]);
  const total = m[3] === '*' ? null : Number(m[3]);
  if (start < 1 || (end !== null && end < start - 1) || (total !== null && end !== null && end > total)) {
    throw new MsrpError('Byte-Range', `not a range within its total: ${value}`);
  }
  return { start, end, total };
}

/** The chunks of a `size`-byte message: [{ start, end, last }], 1-based and inclusive. */
export function pieces(size, chunkSize) {
  if (size === 0) {
    return [{ start: 1, end: 0, last: true }];
  }
  const out = [];
  for (let start = 1; start <= size; start += chunkSize) {
    const end = Math.min(size, start + chunkSize - 1);
    out.push({ start, end, last: end === size });
  }
  return out;
}

/**
 * Messages being received, by Message-ID: at most `maxMessages` at once, each at most
 * `maxBytes`, its total known from the first chunk (a chunk past it, or a message larger than the
 * bound, is an error the caller answers; nothing is held for it).
 */
export class Reassembly {
  constructor({ maxMessages = 16, maxBytes = 64 * 1024 * 1024, maxGaps = 1024, idleMs = 120000, now = () => Date.now() } = {}) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.maxGaps = maxGaps;
    this.idleMs = idleMs;
    this.now = now;
    this.messages = new Map();
  }

  /** Forgets messages no chunk came for in `idleMs`: their sender gave up. */
  evictIdle() {
    const t = this.now();
    for (const [id, m] of this.messages) {
      if (t - m.last > this.idleMs) {
        this.messages.delete(id);
      }
    }
  }

  /**
   * Adds a chunk's body at its Byte-Range; returns the message once every byte came
   * ({ messageId, contentType, body }), else null. `flag` '#' drops the message (aborted).
   */
  add(messageId, byteRange, contentType, body, flag) {
    let r;
    try {
      r = parseByteRange(byteRange);
    } catch (e) {
      this.messages.delete(messageId); // a message gone wrong is forgotten
      throw e;
    }
    this.evictIdle();
    let m = this.messages.get(messageId);
    if (flag === '#') {
      this.messages.delete(messageId);
      return null;
    }
    if (!m) {
      if (r.start === 1 && flag === '$' && (r.total === null || r.total === body.length)) {
        if (body.length > this.maxBytes) {
          throw new MsrpError('message-size', `${body.length} bytes, more than ${this.maxBytes}`);
        }
        return { messageId, contentType, body };
      }
      if (r.total === null) {
        throw new MsrpError('Byte-Range', 'a message in several chunks must say its total');
      }
      if (r.total > this.maxBytes) {
        throw new MsrpError('message-size', `${r.total} bytes, more than ${this.maxBytes}`);
      }
      if (this.messages.size >= this.maxMessages) {
        throw new MsrpError('messages-in-progress', `more than ${this.maxMessages} at once`);
      }
      m = { contentType, total: r.total, parts: [], covered: [], held: 0, last: this.now() };
      this.messages.set(messageId, m);
    }
    const last = r.start - 1 + body.length;
    if (last > m.total || (r.total !== null && r.total !== m.total)) {
      this.messages.delete(messageId);
      throw new MsrpError('Byte-Range', `bytes ${r.start}-${last} past the total ${m.total}`);
    }
    // Only the bytes received are held (a peer's claimed total allocates nothing), and resent
    // ones at most once more than the total.
    m.last = this.now();
    m.held += body.length + 64; // a piece's own bookkeeping counts too
    if (m.held > 2 * m.total + 65536) {
      this.messages.delete(messageId);
      throw new MsrpError('Byte-Range', 'far more bytes than the total');
    }
    m.parts.push({ at: r.start - 1, body: body.slice() });
    m.covered = cover(m.covered, r.start - 1, last);
    if (m.covered.length > this.maxGaps) {
      this.messages.delete(messageId);
      throw new MsrpError('message-size', `more than ${this.maxGaps} separate pieces`);
    }
    const whole =
      m.total === 0 || (m.covered.length === 1 && m.covered[0][0] === 0 && m.covered[0][1] === m.total);
    if (!whole) {
      return null;
    }
    this.messages.delete(messageId);
    const out = new Uint8Array(m.total);
    for (const part of m.parts) {
      out.set(part.body, part.at);
    }
    return { messageId, contentType: m.contentType, body: out };
  }

  /** Forgets every message in progress (the session or connection ended). */
  clear() {
    this.messages.clear();
  }
}

/** The byte intervals [from, to) received, merged, with [from, to) added. */
function cover(intervals, from, to) {
  if (to <= from) {
    return intervals;
  }
  const out = [];
  let a = from;
  let b = to;
  for (const [x, y] of intervals) {
    if (y < a || x > b) {
      out.push([x, y]);
    } else {
      a = Math.min(a, x);
      b = Math.max(b, y);
    }
  }
  out.push([a, b]);
  out.sort((p, q) => p[0] - q[0]);
  return out;
}
