import { MsrpError } from './errors.js';

/**
 * One MSRP chunk (RFC 4975 §9) in one WebSocket message (RFC 7977 §5.1): read by a hand-written
 * state machine over the message's bytes, written byte-exact.
 *
 *   msrp-req-start  = "MSRP" SP transact-id SP method CRLF
 *   msrp-resp-start = "MSRP" SP transact-id SP status-code [SP comment] CRLF
 *   headers         = *( header CRLF )          (To-Path and From-Path required)
 *   content-stuff   = CRLF data CRLF             (after the headers, when there is a body)
 *   end-line        = "-------" transact-id continuation-flag CRLF
 *
 * A chunk is { tid, method, code, comment, headers: [[name, value], ...], body: Uint8Array,
 * flag: '$' | '+' | '#' }, with `method` for a request and `code` (and `comment`) for a response.
 * The body is a view of the message's bytes, not a copy.
 */

export const CR = 13;
export const LF = 10;
const DASHES = 7;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CRLF_BYTES = new Uint8Array([CR, LF]);

/** Limits on what a peer's chunk may make us hold or parse. */
export const DEFAULT_LIMITS = Object.freeze({
  /** Start line and headers together. */
  maxHead: 16 * 1024,
  /** A whole chunk: a WebSocket message is held whole by the browser anyway. */
  maxChunk: 4 * 1024 * 1024,
});

function isIdentChar(c) {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2e || // .
    c === 0x2d || // -
    c === 0x2b || // +
    c === 0x25 || // %
    c === 0x3d // =
  );
}

function isAlphanum(c) {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** transact-id = ident = ALPHANUM 3*31ident-char (RFC 4975 §9). */
export function checkTransactionId(tid) {
  if (tid.length < 4 || tid.length > 32 || !isAlphanum(tid.charCodeAt(0))) {
    throw new MsrpError('transact-id', `4 to 32 characters, a letter or digit first: ${tid}`);
  }
  for (let i = 1; i < tid.length; i++) {
    if (!isIdentChar(tid.charCodeAt(i))) {
      throw new MsrpError('transact-id', `not an ident character in ${tid}`);
    }
  }
}

/** Index of the CRLF ending the line that starts at `from`, or -1 before `limit`. */
function lineEnd(b, from, limit) {
  for (let i = from; i + 1 < limit; i++) {
    if (b[i] === CR) {
      if (b[i + 1] !== LF) {
        throw new MsrpError('CRLF', `a CR not followed by LF at byte ${i}`);
      }
      return i;
    }
    if (b[i] === LF) {
      throw new MsrpError('CRLF', `a bare LF at byte ${i}`);
    }
  }
  return -1;
}

function text(b, from, to, rule) {
  try {
    return decoder.decode(b.subarray(from, to));
  } catch {
    throw new MsrpError(rule, `not UTF-8 at byte ${from}`);
  }
}

/** Whether `b` holds the end-line for `tid` at `at` (the dashes first), returning its flag. */
function endLineAt(b, at, tidBytes) {
  if (at + DASHES + tidBytes.length + 3 > b.length) {
    return null;
  }
  for (let i = 0; i < DASHES; i++) {
    if (b[at + i] !== 0x2d) {
      return null;
    }
  }
  for (let i = 0; i < tidBytes.length; i++) {
    if (b[at + DASHES + i] !== tidBytes[i]) {
      return null;
    }
  }
  const f = b[at + DASHES + tidBytes.length];
  if (f !== 0x24 && f !== 0x2b && f !== 0x23) {
    return null;
  }
  const e = at + DASHES + tidBytes.length + 1;
  if (b[e] !== CR || b[e + 1] !== LF) {
    return null;
  }
  return String.fromCharCode(f);
}

/**
 * Reads one chunk from a whole WebSocket message.
 * @param {Uint8Array} b the message's bytes
 * @throws {MsrpError} naming the rule the message breaks
 */
export function parseChunk(b, limits = DEFAULT_LIMITS) {
  if (b.length > limits.maxChunk) {
    throw new MsrpError('chunk-size', `${b.length} bytes, more than ${limits.maxChunk}`);
  }
  // Start line.
  const headLimit = Math.min(b.length, limits.maxHead);
  const startEnd = lineEnd(b, 0, headLimit);
  if (startEnd < 0) {
    throw new MsrpError('start-line', 'no CRLF within the head limit');
  }
  const start = text(b, 0, startEnd, 'start-line');
  if (!start.startsWith('MSRP ')) {
    throw new MsrpError('start-line', `does not start with "MSRP ": ${start.slice(0, 40)}`);
  }
  const sp = start.indexOf(' ', 5);
  if (sp < 0) {
    throw new MsrpError('start-line', `no method or status: ${start}`);
  }
  const tid = start.slice(5, sp);
  checkTransactionId(tid);
  const rest = start.slice(sp + 1);
  const chunk = { tid, method: null, code: null, comment: null, headers: [], body: null, flag: null };
  if (/^[0-9]{3}( |$)/.test(rest)) {
    chunk.code = Number(rest.slice(0, 3));
    chunk.comment = rest.length > 4 ? rest.slice(4) : null;
    if (chunk.code < 100 || (rest.length > 3 && rest[3] !== ' ')) {
      throw new MsrpError('status-code', `not a status: ${rest}`);
    }
  } else if (/^[A-Z]+$/.test(rest)) {
    chunk.method = rest;
  } else {
    throw new MsrpError('method', `not a method (1*UPALPHA) or status code: ${rest}`);
  }
  // Headers, then a blank line and a body, or the end-line.
  const tidBytes = encoder.encode(tid);
  let at = startEnd + 2;
  for (;;) {
    const flag = endLineAt(b, at, tidBytes);
    if (flag !== null) {
      const after = at + DASHES + tidBytes.length + 3;
      if (after !== b.length) {
        throw new MsrpError('one-chunk-per-message', `${b.length - after} bytes after the end-line`);
      }
      chunk.flag = flag;
      chunk.body = b.subarray(at, at);
      break;
    }
    const e = lineEnd(b, at, headLimit);
    if (e < 0) {
      throw new MsrpError(
        b.length > limits.maxHead ? 'head-size' : 'end-line',
        'the head does not end (no blank line or end-line)');
    }
    if (e === at) {
      // The blank line: the body runs to the CRLF before the end-line, the message's last bytes.
      const endLen = DASHES + tidBytes.length + 3;
      const bodyStart = at + 2;
      const endAt = b.length - endLen;
      chunk.flag = endLineAt(b, endAt, tidBytes);
      if (chunk.flag === null || endAt - 2 < bodyStart || b[endAt - 2] !== CR || b[endAt - 1] !== LF) {
        throw new MsrpError('end-line', 'the message does not end with CRLF and its end-line');
      }
      const body = b.subarray(bodyStart, endAt - 2);
      // The body with the CRLF after it: an end-line ending right there would end it earlier.
      const inside = findEndLine(b.subarray(bodyStart, endAt), tidBytes, true);
      if (inside >= 0) {
        throw new MsrpError('one-chunk-per-message', `an end-line inside the body at byte ${inside}`);
      }
      chunk.body = body;
      break;
    }
    const line = text(b, at, e, 'header');
    const colon = line.indexOf(':');
    if (colon <= 0 || line[colon + 1] !== ' ') {
      throw new MsrpError('header', `not "name: value": ${line.slice(0, 60)}`);
    }
    const name = line.slice(0, colon);
    if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) {
      throw new MsrpError('header', `not a header name: ${name}`);
    }
    chunk.headers.push([name, line.slice(colon + 2)]);
    at = e + 2;
  }
  const names = chunk.headers.map(([n]) => n.toLowerCase());
  const count = (n) => names.filter((x) => x === n).length;
  if (count('to-path') !== 1 || count('from-path') !== 1) {
    throw new MsrpError('headers', 'exactly one To-Path and one From-Path are required');
  }
  if (chunk.code !== null && (chunk.body.length > 0 || chunk.flag !== '$')) {
    throw new MsrpError('response', 'a response has no body and ends with $');
  }
  return chunk;
}

/**
 * Where CRLF end-line for the tid starts in `body` (-1 if nowhere); `atStart` counts a body
 * beginning with the end-line (the blank line's CRLF before it) too.
 */
export function findEndLine(body, tidBytes, atStart) {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === 0x2d && ((i === 0 && atStart) || (i >= 2 && body[i - 2] === CR && body[i - 1] === LF))) {
      if (endLineAt(body, i, tidBytes) !== null) {
        return i;
      }
    }
  }
  return -1;
}

/** The value of the first header `name` (any case), or null. */
export function header(chunk, name) {
  const n = name.toLowerCase();
  const h = chunk.headers.find(([k]) => k.toLowerCase() === n);
  return h ? h[1] : null;
}

/**
 * Writes one chunk: `{ tid, method | code [, comment], headers, body, flag }`; `body` a
 * Uint8Array or a string (UTF-8), or absent for none. A body holding its own end-line is refused
 * (RFC 4975 §7.1 makes that the sender's duty): the caller picks another transaction id.
 */
export function encodeChunk({ tid, method = null, code = null, comment = null, headers, body = null, flag = '$' }) {
  checkTransactionId(tid);
  if (flag !== '$' && flag !== '+' && flag !== '#') {
    throw new MsrpError('continuation-flag', `not $, + or #: ${flag}`);
  }
  let start;
  if (method !== null) {
    if (!/^[A-Z]+$/.test(method)) {
      throw new MsrpError('method', `not 1*UPALPHA: ${method}`);
    }
    start = `MSRP ${tid} ${method}\r\n`;
  } else {
    if (!Number.isInteger(code) || code < 100 || code > 999) {
      throw new MsrpError('status-code', `not three digits: ${code}`);
    }
    start = `MSRP ${tid} ${code}${comment ? ` ${comment}` : ''}\r\n`;
  }
  let head = start;
  for (const [name, value] of headers) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
      throw new MsrpError('header', `a line break in ${name}`);
    }
    head += `${name}: ${value}\r\n`;
  }
  const tidBytes = encoder.encode(tid);
  const end = encoder.encode(`-------${tid}${flag}\r\n`);
  const headBytes = encoder.encode(head);
  if (body === null) {
    return concat([headBytes, end]);
  }
  const data = typeof body === 'string' ? encoder.encode(body) : body;
  if (findEndLine(concat([data, CRLF_BYTES]), tidBytes, true) >= 0) {
    throw new MsrpError('content-has-end-line', 'the body holds the end-line of its transaction');
  }
  return concat([headBytes, CRLF_BYTES, data, CRLF_BYTES, end]);
}

export function concat(parts) {
  let n = 0;
  for (const p of parts) {
    n += p.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
