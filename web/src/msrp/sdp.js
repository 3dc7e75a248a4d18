import { MsrpError } from './errors.js';
import { parsePath, formatPath } from './uri.js';

/**
 * The SDP of an MSRP session (RFC 4975 §8, RFC 7977 §5.2.2) as a browser offers and answers it:
 * one m=message line, TCP/TLS/MSRP over wss (TCP/MSRP over ws, for labs), a=path with the relay's
 * Use-Path and our `.invalid;ws` URI, and a=setup (RFC 6135): a browser takes no connections
 * and always connects to its relay, so it offers active; it answers passive only to an active
 * offer, and then waits for the peer's first SEND instead of sending its own.
 */
export function sessionSdp(
  path,
  { acceptTypes = ['message/cpim', 'text/plain'], acceptWrapped = null, maxSize = null, direction = null, file = null, fileTransferId = null, setup = 'active' } = {},
) {
  const first = path[0];
  const secure = path[path.length - 1].secure;
  const id = Math.floor(Date.now() / 1000);
  const lines = [
    'v=0',
    `o=- ${id} ${id} IN IP4 ${first.host}`,
    's=-',
    `c=IN IP4 ${first.host}`,
    't=0 0',
    `m=message ${first.port ?? 2855} ${secure ? 'TCP/TLS/MSRP' : 'TCP/MSRP'} *`,
    `a=accept-types:${acceptTypes.join(' ')}`,
  ];
  if (acceptWrapped) {
    lines.push(`a=accept-wrapped-types:${acceptWrapped.join(' ')}`);
  }
  if (maxSize !== null) {
    lines.push(`a=max-size:${maxSize}`);
  }
  if (file) {
    lines.push(`a=file-selector:${formatFileSelector(file)}`);
  }
  if (fileTransferId) {
    lines.push(`a=file-transfer-id:${fileTransferId}`);
  }
  lines.push(`a=path:${formatPath(path)}`, `a=setup:${setup}`);
  if (direction) {
    lines.push(`a=${direction}`);
  }
  lines.push('');
  return lines.join('\r\n');
}

/**
 * What a peer's SDP says of its MSRP session: { proto, path, acceptTypes, acceptWrapped, maxSize,
 * setup, direction, file, fileTransferId }. An SDP without an MSRP m=message line, or whose stream is refused (port 0), or
 * without a=path, is an MsrpError.
 */
export function parseSessionSdp(sdp) {
  const lines = String(sdp).split(/\r?\n/);
  let inMessage = false;
  let found = false;
  const out = { proto: null, path: null, acceptTypes: [], acceptWrapped: [], maxSize: null, setup: null, direction: 'sendrecv', file: null, fileTransferId: null };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      const [media, port, proto] = line.slice(2).split(' ');
      inMessage = media === 'message' && /MSRP$/i.test(proto ?? '');
      if (inMessage) {
        if (found) {
          break; // the first MSRP stream is ours
        }
        found = true;
        out.proto = proto.toUpperCase();
        if (port === '0') {
          throw new MsrpError('sdp', 'the peer refused the MSRP stream (port 0)');
        }
      }
      continue;
    }
    if (!inMessage) {
      continue;
    }
    if (line.startsWith('a=path:')) {
      out.path = parsePath(line.slice(7));
    } else if (line.startsWith('a=accept-types:')) {
      out.acceptTypes = line.slice(15).trim().split(/\s+/);
    } else if (line.startsWith('a=accept-wrapped-types:')) {
      out.acceptWrapped = line.slice(23).trim().split(/\s+/);
    } else if (line.startsWith('a=max-size:')) {
      out.maxSize = Number(line.slice(11));
    } else if (line.startsWith('a=setup:')) {
      out.setup = line.slice(8).trim();
    } else if (/^a=(sendonly|recvonly|sendrecv|inactive)$/.test(line)) {
      out.direction = line.slice(2);
    } else if (line.startsWith('a=file-selector:')) {
      out.file = parseFileSelector(line.slice(16));
    } else if (line.startsWith('a=file-transfer-id:')) {
      out.fileTransferId = line.slice(19).trim();
    }
  }
  if (!found) {
    throw new MsrpError('sdp', 'no m=message line with MSRP');
  }
  if (!out.path) {
    throw new MsrpError('sdp', 'the MSRP stream has no a=path');
  }
  return out;
}

/**
 * RFC 5547's a=file-selector value: { name, type, size, sha1 } (each null when absent). The name
 * is quoted with its '"' and '%' percent-encoded; a hash is colon-separated hex pairs.
 */
export function parseFileSelector(value) {
  const out = { name: null, type: null, size: null, sha1: null };
  let i = 0;
  const v = value.trim();
  const bad = (why) => new MsrpError('file-selector', `${why}: ${v.slice(0, 80)}`);
  while (i < v.length) {
    if (v[i] === ' ') {
      i++;
      continue;
    }
    const colon = v.indexOf(':', i);
    if (colon < 0) {
      throw bad('a selector without ":"');
    }
    const key = v.slice(i, colon);
    i = colon + 1;
    if (key === 'name') {
      if (v[i] !== '"') {
        throw bad('name: not quoted');
      }
      const end = v.indexOf('"', i + 1);
      if (end < 0) {
        throw bad('name: no closing quote');
      }
      try {
        out.name = decodeURIComponent(v.slice(i + 1, end));
      } catch {
        throw bad('name: bad percent-encoding');
      }
      i = end + 1;
      continue;
    }
    const end = v.indexOf(' ', i) < 0 ? v.length : v.indexOf(' ', i);
    const word = v.slice(i, end);
    i = end;
    if (key === 'type') {
      out.type = word;
    } else if (key === 'size') {
      if (!/^\d{1,15}$/.test(word)) {
        throw bad('size: not a number');
      }
      out.size = Number(word);
    } else if (key === 'hash') {
      const m = /^sha-1:((?:[0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2})$/.exec(word);
      if (m) {
        out.sha1 = m[1].replaceAll(':', '').toLowerCase();
      }
    } else {
      throw bad(`unknown selector ${key}`);
    }
  }
  return out;
}

/** Writes { name, type, size, sha1 } as an a=file-selector value. */
export function formatFileSelector({ name, type, size, sha1 }) {
  const parts = [];
  if (name != null) {
    parts.push(`name:"${String(name).replace(/[%"\u0000-\u001f]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)}"`);
  }
  if (type) {
    parts.push(`type:${type}`);
  }
  if (size != null) {
    parts.push(`size:${size}`);
  }
  if (sha1) {
    parts.push(`hash:sha-1:${sha1.toUpperCase().match(/../g).join(':')}`);
  }
  return parts.join(' ');
}
