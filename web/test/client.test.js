import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MsrpClient } from '../src/msrp/client.js';
import { parseChunk, encodeChunk, header } from '../src/msrp/frame.js';
import { parsePath } from '../src/msrp/uri.js';

/**
 * A relay in-process behind a fake WebSocket: AUTH with a Digest challenge (checked with
 * node:crypto), Use-Path and Expires; SENDs answered by `onSend`.
 */
function fakeRelay({ expires = 600, onSend = () => 200 } = {}) {
  const relay = { auths: [], sends: [], auth: null };
  relay.WebSocket = class {
    constructor(url, protocol) {
      assert.equal(protocol, 'msrp');
      this.protocol = 'msrp';
      this.readyState = 1;
      relay.socket = this;
      queueMicrotask(() => this.onopen());
    }
    send(bytes) {
      const c = parseChunk(bytes);
      const reply = (code, comment, extra = []) => {
        const to = header(c, 'From-Path').split(' ')[0];
        const from = header(c, 'To-Path').split(' ')[0];
        const out = encodeChunk({ tid: c.tid, code, comment, headers: [['To-Path', to], ['From-Path', from], ...extra] });
        queueMicrotask(() => this.onmessage({ data: out.buffer.slice(out.byteOffset, out.byteOffset + out.length) }));
      };
      if (c.method === 'AUTH') {
        relay.auths.push(header(c, 'To-Path'));
        const cred = header(c, 'Authorization');
        if (!cred) {
          reply(401, 'Unauthorized', [['WWW-Authenticate', 'Digest realm="r", nonce="n1", qop="auth", algorithm=MD5']]);
          return;
        }
        const p = Object.fromEntries([...cred.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
        const H = (x) => createHash('md5').update(x).digest('hex');
        const good = H(`${H('alice:r:pw')}:n1:${p.nc}:${p.cnonce}:auth:${H(`AUTH:${p.uri}`)}`);
        if (p.response !== good) {
          reply(401, 'Unauthorized', [['WWW-Authenticate', 'Digest realm="r", nonce="n1", qop="auth"']]);
          return;
        }
        reply(200, 'OK', [['Use-Path', 'msrp://relay.test:2855/u1;tcp'], ['Expires', String(expires)]]);
        relay.auth?.();
        return;
      }
      relay.sends.push(c);
      reply(onSend(c, relay.sends.length), 'X');
    }
    close() {
      this.readyState = 3;
    }
  };
  return relay;
}

test('the binding is renewed by an AUTH to the Use-Path before Expires', async () => {
  const relay = fakeRelay({ expires: 1 });
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket });
  await c.connect();
  assert.deepEqual(relay.auths, ['msrp://relay.test:80;ws', 'msrp://relay.test:80;ws']);
  await new Promise((resolve) => {
    relay.auth = resolve; // the refresh's 200
  });
  assert.equal(relay.auths.at(-1), 'msrp://relay.test:2855/u1;tcp');
  c.close();
});

test('a wrong password is told as such', async () => {
  const relay = fakeRelay();
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'nope', WebSocket: relay.WebSocket });
  await assert.rejects(c.connect(), (e) => e.rule === 'auth' && /password/.test(e.message));
});

test('a chunk refused stops the message: no more of it is sent', async () => {
  const relay = fakeRelay({ onSend: (chunk, n) => (n === 1 ? 413 : 200) });
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket, chunkSize: 10, window: 4 });
  await c.connect();
  const s = c.session(parsePath('msrp://bob.test:7/b1;tcp'));
  await assert.rejects(s.send('text/plain', 'x'.repeat(1000)), (e) => e.rule === 'response' && /413/.test(e.message));
  assert.ok(relay.sends.length <= 4, `sent ${relay.sends.length} chunks of 100`);
  c.close();
});

test('a Blob (a File) is read piece by piece', async () => {
  const relay = fakeRelay();
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket, chunkSize: 7 });
  await c.connect();
  const s = c.session(parsePath('msrp://bob.test:7/b1;tcp'));
  await s.send('text/plain', new Blob(['hello, a file of some bytes']));
  const got = relay.sends.map((x) => new TextDecoder().decode(x.body)).join('');
  assert.equal(got, 'hello, a file of some bytes');
  assert.equal(header(relay.sends.at(-1), 'Byte-Range'), '22-27/27');
  c.close();
});

/** Delivers a REPORT for `chunk`'s message to the client, as the peer would through the relay. */
function report(relay, chunk, status) {
  const out = encodeChunk({
    tid: 'rep' + Math.random().toString(36).slice(2, 10),
    method: 'REPORT',
    headers: [
      ['To-Path', header(chunk, 'From-Path')],
      ['From-Path', 'msrp://bob.test:7/b1;tcp'],
      ['Message-ID', header(chunk, 'Message-ID')],
      ['Byte-Range', '1-4/4'],
      ['Status', status],
    ],
  });
  queueMicrotask(() => relay.socket.onmessage({ data: out.buffer.slice(out.byteOffset, out.byteOffset + out.length) }));
}

test('with successReport, a message is sent once the peer reports it whole, and fails on a failure report', async () => {
  let sent = null;
  const relay = fakeRelay({
    onSend: (chunk) => {
      sent(chunk);
      return 200;
    },
  });
  const nextSend = () => new Promise((resolve) => (sent = resolve));
  const c = new MsrpClient({ url: 'ws://x/msrp', relay: 'msrp://relay.test:80;ws', username: 'alice', password: 'pw', WebSocket: relay.WebSocket });
  await c.connect();
  const s = c.session(parsePath('msrp://bob.test:7/b1;tcp'));
  let chunk = nextSend();
  let settled = false;
  const ok = s.send('text/plain', 'file', { successReport: true }).finally(() => (settled = true));
  const first = await chunk;
  assert.equal(header(first, 'Success-Report'), 'yes');
  await c.request({ tid: 'probe1', method: 'SEND', headers: [['To-Path', 'msrp://bob.test:7/b1;tcp'], ['From-Path', s.self.toString()]] });
  assert.equal(settled, false, 'its 200 came, its report did not: not sent yet');
  report(relay, first, '000 200 OK');
  assert.equal(await ok, header(first, 'Message-ID'));
  chunk = nextSend();
  const refused = s.send('text/plain', 'file', { successReport: true });
  report(relay, await chunk, '000 413 Too Large');
  await assert.rejects(refused, (e) => e.rule === 'report' && /413/.test(e.message));
  chunk = nextSend();
  await assert.rejects(s.send('text/plain', 'file', { successReport: true, reportTimeoutMs: 30 }), (e) => e.rule === 'report');
  assert.equal(s.reports.size, 0);
  c.close();
});
