import { MsrpError } from './errors.js';

/**
 * Message/CPIM (RFC 3862) as chat peers wrap their messages: the message headers (From, To,
 * DateTime, NS, imdn.* of RFC 5438), a blank line, the MIME headers of the content, a blank line,
 * the content. Read by a small state machine over the bytes; headers as [[name, value]].
 */
const CRLFCRLF = [13, 10, 13, 10];

function blankLine(b, from) {
  for (let i = from; i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

function headers(text, rule) {
  return text
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => {
      const c = l.indexOf(':');
      if (c <= 0) {
        throw new MsrpError(rule, `not "name: value": ${l.slice(0, 60)}`);
      }
      return [l.slice(0, c).trim(), l.slice(c + 1).trim()];
    });
}

/** Reads a message/cpim body: { headers, contentType, contentHeaders, body (Uint8Array) }. */
export function parseCpim(bytes, maxHead = 16384) {
  const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const a = blankLine(bytes, 0);
  if (a < 0 || a > maxHead) {
    throw new MsrpError('cpim', 'no blank line after the message headers');
  }
  const b = blankLine(bytes, a + 4);
  if (b < 0 || b > a + 4 + maxHead) {
    throw new MsrpError('cpim', 'no blank line after the content headers');
  }
  let h;
  let ch;
  try {
    h = headers(dec.decode(bytes.subarray(0, a)), 'cpim');
    ch = headers(dec.decode(bytes.subarray(a + 4, b)), 'cpim');
  } catch (e) {
    throw e instanceof MsrpError ? e : new MsrpError('cpim', 'headers not UTF-8');
  }
  const type = ch.find(([n]) => n.toLowerCase() === 'content-type');
  return { headers: h, contentType: type ? type[1] : 'text/plain', contentHeaders: ch, body: bytes.subarray(b + 4) };
}

/**
 * Writes a message/cpim body: `headers` ([[name, value]], message headers in order), then the
 * content's own headers (its Content-Type, more in `contentHeaders`) and the content (a string,
 * sent as UTF-8, or bytes).
 */
export function formatCpim(headers, contentType, content, contentHeaders = []) {
  const body = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const head = [
    ...headers.map(([n, v]) => `${n}: ${v}\r\n`),
    '\r\n',
    `Content-Type: ${contentType}\r\n`,
    ...contentHeaders.map(([n, v]) => `${n}: ${v}\r\n`),
    `Content-Length: ${body.length}\r\n\r\n`,
  ].join('');
  for (const [n, v] of [...headers, ...contentHeaders]) {
    if (/[\r\n]/.test(n + v)) {
      throw new MsrpError('cpim', `a header holds a line break: ${n}`);
    }
  }
  const h = new TextEncoder().encode(head);
  const out = new Uint8Array(h.length + body.length);
  out.set(h);
  out.set(body, h.length);
  return out;
}

/** The value of the first header named `name` (any case) in [[name, value]], or null. */
export function cpimHeader(headers, name) {
  const l = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === l)?.[1] ?? null;
}

export { CRLFCRLF };
