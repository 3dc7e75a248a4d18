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
  const file = new Uint8Array(cmd.bytes).map((_, i) => (i * 31 + 7) & 0xff);
  const id = await session.send('application/octet-stream', file);
  out({ sent: id, sha256: createHash('sha256').update(file).digest('hex') });
}
