import { MsrpError } from './errors.js';

/**
 * MSRP URIs (RFC 4975 §9, RFC 7977 §5.2.1):
 *   MSRP-URI = ("msrp" / "msrps") "://" [userinfo "@"] host [":" port] ["/" session-id]
 *              ";" transport *( ";" URI-parameter )
 * Parsed by hand; equality as RFC 4975 §6.1 says (scheme, host and transport without case,
 * session-id exactly, port as given or the default 2855).
 */
const SESSION_ID = /^[A-Za-z0-9\-._~%!$&'()*+,;=:]+$/;
const TOKEN = /^[A-Za-z0-9]+$/;

export class MsrpUri {
  constructor({ secure, user = null, host, port = null, sessionId = null, transport, params = [] }) {
    this.secure = secure;
    this.user = user;
    this.host = host;
    this.port = port;
    this.sessionId = sessionId;
    this.transport = transport;
    this.params = params;
    Object.freeze(this);
  }

  static parse(text) {
    const t = String(text);
    let rest;
    let secure;
    if (t.slice(0, 8).toLowerCase() === 'msrps://') {
      secure = true;
      rest = t.slice(8);
    } else if (t.slice(0, 7).toLowerCase() === 'msrp://') {
      secure = false;
      rest = t.slice(7);
    } else {
      throw new MsrpError('msrp-uri', `not msrp:// or msrps://: ${t}`);
    }
    const semi = rest.indexOf(';');
    if (semi < 0) {
      throw new MsrpError('msrp-uri', `no ;transport: ${t}`);
    }
    const [transport, ...params] = rest.slice(semi + 1).split(';');
    if (!TOKEN.test(transport)) {
      throw new MsrpError('msrp-uri', `not a transport: ${transport}`);
    }
    let authority = rest.slice(0, semi);
    let sessionId = null;
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      sessionId = authority.slice(slash + 1);
      authority = authority.slice(0, slash);
      if (!SESSION_ID.test(sessionId)) {
        throw new MsrpError('msrp-uri', `not a session-id: ${sessionId}`);
      }
    }
    let user = null;
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      user = authority.slice(0, at);
      authority = authority.slice(at + 1);
    }
    let host = authority;
    let port = null;
    const colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(']', colon) < 0) {
      host = authority.slice(0, colon);
      const p = authority.slice(colon + 1);
      if (!/^[0-9]{1,5}$/.test(p) || Number(p) > 65535) {
        throw new MsrpError('msrp-uri', `not a port: ${p}`);
      }
      port = Number(p);
    }
    if (host === '' || /[\s<>"]/.test(host)) {
      throw new MsrpError('msrp-uri', `not a host: ${host}`);
    }
    return new MsrpUri({ secure, user, host, port, sessionId, transport, params });
  }

  /**
   * Our own URI in a browser (RFC 7977 Appendix A): a browser cannot learn its address, so a
   * random `.invalid` host; the relay reaches us by our connection, never by this URI.
   */
  static ownWebSocketUri(secure = true) {
    return new MsrpUri({
      secure,
      host: `${randomToken(12).toLowerCase()}.invalid`,
      port: 2855,
      sessionId: randomToken(20),
      transport: 'ws',
    });
  }

  equals(other) {
    return (
      other instanceof MsrpUri &&
      this.secure === other.secure &&
      this.host.toLowerCase() === other.host.toLowerCase() &&
      (this.port ?? 2855) === (other.port ?? 2855) &&
      this.sessionId === other.sessionId &&
      this.transport.toLowerCase() === other.transport.toLowerCase()
    );
  }

  toString() {
    return (
      (this.secure ? 'msrps://' : 'msrp://') +
      (this.user !== null ? `${this.user}@` : '') +
      this.host +
      (this.port !== null ? `:${this.port}` : '') +
      (this.sessionId !== null ? `/${this.sessionId}` : '') +
      `;${this.transport}` +
      this.params.map((p) => `;${p}`).join('')
    );
  }
}

/** A path header value: URIs separated by spaces (RFC 4975 §9). */
export function parsePath(value) {
  const parts = String(value).trim().split(/\s+/);
  if (parts.length === 0 || parts[0] === '') {
    throw new MsrpError('path', 'an empty path');
  }
  return parts.map((p) => MsrpUri.parse(p));
}

export function formatPath(uris) {
  return uris.map((u) => u.toString()).join(' ');
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` random alphanumerics from the platform's CSPRNG. */
export function randomToken(n) {
  let s = '';
  const bytes = new Uint8Array(n + 8);
  while (s.length < n) {
    globalThis.crypto.getRandomValues(bytes);
    for (const b of bytes) {
      // 248 = 4 * 62: bytes above it are dropped, so every character is as likely.
      if (b < 248 && s.length < n) {
        s += ALPHANUM[b % 62];
      }
    }
  }
  return s;
}
