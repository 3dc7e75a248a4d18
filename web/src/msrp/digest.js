import { MsrpError } from './errors.js';
import { randomToken } from './uri.js';

/**
 * HTTP Digest for MSRP AUTH (RFC 4976 §5, RFC 2617, RFC 7616): the challenge read, the answer
 * made with MD5 (which Kamailio's relay uses, and browsers' WebCrypto lacks: written here from RFC
 * 1321) or SHA-256 (WebCrypto).
 *
 *   HA1 = H(username ":" realm ":" password), HA2 = H("AUTH" ":" digest-uri)
 *   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)
 */

const utf8 = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// MD5 (RFC 1321 §3)

const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** MD5 of `bytes` (Uint8Array), as lowercase hex. */
export function md5Hex(bytes) {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 8) >>> 6) + 1) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, bitLength >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(bitLength / 2 ** 32), true);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const m = new Uint32Array(16);
  for (let off = 0; off < padded.length; off += 64) {
    for (let j = 0; j < 16; j++) {
      m[j] = view.getUint32(off + 4 * j, true);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f;
      let g;
      const round = i >>> 4;
      if (round === 0) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (round === 1) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (round === 2) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const s = SHIFTS[round * 4 + (i & 3)];
      const sum = (a + f + K[i] + m[g]) >>> 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) >>> 0;
    }
    a0 = (a0 + a) >>> 0;
    b0 = (b0 + b) >>> 0;
    c0 = (c0 + c) >>> 0;
    d0 = (d0 + d) >>> 0;
  }
  const out = new DataView(new ArrayBuffer(16));
  out.setUint32(0, a0, true);
  out.setUint32(4, b0, true);
  out.setUint32(8, c0, true);
  out.setUint32(12, d0, true);
  return hex(new Uint8Array(out.buffer));
}

function hex(bytes) {
  let s = '';
  for (const b of bytes) {
    s += b.toString(16).padStart(2, '0');
  }
  return s;
}

/** H(text) for a Digest algorithm ("MD5" or "SHA-256"), as lowercase hex. */
export async function hash(algorithm, text) {
  const bytes = utf8.encode(text);
  if (algorithm === 'MD5') {
    return md5Hex(bytes);
  }
  if (algorithm === 'SHA-256') {
    return hex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes)));
  }
  throw new MsrpError('algorithm', `not MD5 or SHA-256: ${algorithm}`);
}

// ---------------------------------------------------------------------------------------------
// Challenge and credentials

/**
 * Reads `Digest k=v, k="v", ...` (RFC 7616 §3.3) into { realm, nonce, qop: [..], algorithm,
 * opaque, stale }.
 */
export function parseChallenge(value) {
  const v = String(value).trim();
  if (v.slice(0, 7).toLowerCase() !== 'digest ') {
    throw new MsrpError('challenge', `not a Digest challenge: ${v.slice(0, 40)}`);
  }
  const params = {};
  let i = 7;
  while (i < v.length) {
    while (i < v.length && (v[i] === ' ' || v[i] === ',')) {
      i++;
    }
    if (i >= v.length) {
      break;
    }
    const eq = v.indexOf('=', i);
    if (eq < 0) {
      throw new MsrpError('challenge', `a parameter without "=": ${v.slice(i, i + 30)}`);
    }
    const name = v.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let value;
    if (v[i] === '"') {
      value = '';
      i++;
      for (;;) {
        if (i >= v.length) {
          throw new MsrpError('challenge', `an unterminated quoted string for ${name}`);
        }
        const c = v[i++];
        if (c === '"') {
          break;
        }
        value += c === '\\' && i < v.length ? v[i++] : c;
      }
    } else {
      const comma = v.indexOf(',', i);
      value = (comma < 0 ? v.slice(i) : v.slice(i, comma)).trim();
      i = comma < 0 ? v.length : comma;
    }
    if (name in params) {
      throw new MsrpError('challenge', `${name} twice`);
    }
    params[name] = value;
  }
  if (!params.realm || !params.nonce) {
    throw new MsrpError('challenge', 'realm and nonce are required');
  }
  return {
    realm: params.realm,
    nonce: params.nonce,
    qop: params.qop ? params.qop.split(',').map((q) => q.trim()) : [],
    algorithm: (params.algorithm || 'MD5').toUpperCase(),
    opaque: params.opaque ?? null,
    stale: (params.stale || '').toLowerCase() === 'true',
  };
}

/** The challenge to answer of several WWW-Authenticate values: SHA-256 first, then MD5. */
export function chooseChallenge(values) {
  const usable = [];
  for (const v of values) {
    try {
      const c = parseChallenge(v);
      if (c.algorithm === 'SHA-256' || c.algorithm === 'MD5') {
        usable.push(c);
      }
    } catch {
      // another scheme (Basic) or a malformed one: the others may still do
    }
  }
  if (usable.length === 0) {
    throw new MsrpError('challenge', 'no MD5 or SHA-256 challenge');
  }
  return usable.find((c) => c.algorithm === 'SHA-256') ?? usable[0];
}

function quoted(s) {
  return `"${String(s).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The Authorization value answering `challenge` for AUTH to `uri` (the last To-Path URI),
 * qop=auth (a challenge without it is refused: RFC 2069 digest has no client nonce).
 */
export async function answer(challenge, username, password, uri, { cnonce = randomToken(16), nc = 1 } = {}) {
  if (!challenge.qop.includes('auth')) {
    throw new MsrpError('qop', 'the relay does not offer qop=auth');
  }
  const h = (t) => hash(challenge.algorithm, t);
  const ha1 = await h(`${username}:${challenge.realm}:${password}`);
  const ha2 = await h(`AUTH:${uri}`);
  const ncHex = nc.toString(16).padStart(8, '0');
  const response = await h(`${ha1}:${challenge.nonce}:${ncHex}:${cnonce}:auth:${ha2}`);
  return (
    `Digest username=${quoted(username)}, realm=${quoted(challenge.realm)}, ` +
    `nonce=${quoted(challenge.nonce)}, uri=${quoted(uri)}, qop=auth, nc=${ncHex}, ` +
    `cnonce=${quoted(cnonce)}, response=${quoted(response)}` +
    (challenge.opaque !== null ? `, opaque=${quoted(challenge.opaque)}` : '') +
    `, algorithm=${challenge.algorithm}`
  );
}
