// The JavaScript client against Kamailio's MSRP relay over WebSocket (its websocket module, RFC
// 7977): two clients authenticate (Digest MD5, Kamailio's), one sends the other a text and a
// 4 KB message (Kamailio relays frames up to ~11 KB), and the answer comes back.
//   argv: wsUrl relayUri        stdout: one JSON line per step; exit 0 when all went through
import { MsrpClient } from '../src/msrp/client.js';

const [url, relay] = process.argv.slice(2);
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const alice = new MsrpClient({ url, relay, username: 'alice', password: 'alice-secret', chunkSize: 4096 });
const bob = new MsrpClient({ url, relay, username: 'bob', password: 'bob-secret', chunkSize: 4096 });
alice.onerror = bob.onerror = (e) => out({ error: String(e) });
await alice.connect();
await bob.connect();
out({ authenticated: true, alice: alice.usePath.map(String), bob: bob.usePath.map(String) });
const bs = bob.session([]);
const as = alice.session(bob.path(bs));
bs.remotePath = alice.path(as);
const got = [];
const all = new Promise((resolve) => {
  bob.onmessage = (m) => {
    got.push(new TextDecoder().decode(m.body));
    if (got.length === 2) {
      resolve();
    }
  };
});
await as.bind();
await as.send('text/plain', 'hello Bob, through Kamailio');
await as.send('text/plain', 'x'.repeat(4096));
await all;
out({ bobGot: got[0], second: got[1].length });
const back = new Promise((resolve) => {
  alice.onmessage = (m) => resolve(new TextDecoder().decode(m.body));
});
await bs.send('text/plain', 'hello Alice');
out({ aliceGot: await back });
alice.close();
bob.close();
process.exit(0);
