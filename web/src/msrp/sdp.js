import { MsrpError } from './errors.js';
import { parsePath, formatPath } from './uri.js';

/**
 * The SDP of an MSRP session (RFC 4975 §8, RFC 7977 §5.2.2) as a browser offers and answers it:
 * one m=message line, TCP/TLS/MSRP over wss (TCP/MSRP over ws, for labs), a=path with the relay's
 * Use-Path and our `.invalid;ws` URI, and a=setup:active (a browser takes no connections: it
 * always connects, to its relay).
 */
export function sessionSdp(path, { acceptTypes = ['message/cpim', 'text/plain'], acceptWrapped = null, maxSize = null } = {}) {
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
  lines.push(`a=path:${formatPath(path)}`, 'a=setup:active', '');
  return lines.join('\r\n');
}

/**
 * What a peer's SDP says of its MSRP session: { path, acceptTypes, acceptWrapped, maxSize,
 * setup }. An SDP without an MSRP m=message line, or whose stream is refused (port 0), or
 * without a=path, is an MsrpError.
 */
export function parseSessionSdp(sdp) {
  const lines = String(sdp).split(/\r?\n/);
  let inMessage = false;
  let found = false;
  const out = { path: null, acceptTypes: [], acceptWrapped: [], maxSize: null, setup: null };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      const [media, port, proto] = line.slice(2).split(' ');
      inMessage = media === 'message' && /MSRP$/i.test(proto ?? '');
      if (inMessage) {
        if (found) {
          break; // the first MSRP stream is ours
        }
        found = true;
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
