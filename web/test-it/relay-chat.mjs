// The JavaScript client against Parley's relay (run by NodeClientTest; Node 20 needs
// --experimental-websocket). Lines on stdin/stdout drive it:
//   argv: wsUrl relayUri username password
//   out:  {"path": "..."}                      once authenticated: our a=path
//   in:   {"peer": "...", "text": "...", "bytes": N}   whom to send to, a text and a file size
//   out:  {"sent": messageId} per message, {"received": text} for the text the peer sends back
import { createInterface } from 'node:readline';
import { createHash } from 'node:crypto';
import { MsrpClient } from '../src/msrp/client.js';
import { parsePath, formatPath } from '../src/msrp/uri.js';

const [url, relay, username, password] = process.argv.slice(2);
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const client = new MsrpClient({ url, relay, username, password });
client.onerror = (e) => out({ error: String(e) });
try {
  await client.connect();
} catch (e) {
  out({ failed: e.rule, message: e.message });
  process.exit(3);
}
let session = null;
client.onmessage = (m) => {
  const text = new TextDecoder().decode(m.body);
  out({ received: text, contentType: m.contentType });
  client.close();
  process.exit(0);
};
const lines = createInterface({ input: process.stdin });
const first = client.session([]); // a URI for our path before the peer's is known
session = first;
out({ path: formatPath(client.path(first)) });
for await (const line of lines) {
  const cmd = JSON.parse(line);
  session.remotePath = parsePath(cmd.peer);
  await session.bind();
  out({ sent: await session.send('text/plain', cmd.text) });
  // A file read piece by piece, as a page reads a File: nothing holds it whole.
  const sha = createHash('sha256');
  const file = {
    size: cmd.bytes,
    async slice(start, end) {
      const piece = new Uint8Array(end - start).map((_, i) => ((start + i) * 31 + 7) & 0xff);
      sha.update(piece);
      return piece;
    },
  };
  const id = await session.send('application/octet-stream', file, {
    onProgress: (sent, total) => {
      if (cmd.marks && sent % (total / 4) < 16384 && sent > 0) {
        out({ progress: sent });
      }
    },
  });
  out({ sent: id, sha256: sha.digest('hex') });
}
