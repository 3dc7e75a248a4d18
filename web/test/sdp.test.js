import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionSdp, parseSessionSdp } from '../src/msrp/sdp.js';
import { MsrpUri, parsePath } from '../src/msrp/uri.js';
import { MsrpSessionDescriptionHandler } from '../src/page/msrp-sdh.js';

test('a browser offers TCP/TLS/MSRP with its relay path and setup:active (RFC 7977 §5.2.2)', () => {
  const path = parsePath('msrps://relay.test:2855/jui787s2f;tcp msrps://df7jal23ls0d.invalid:2855/98cjs;ws');
  const sdp = sessionSdp(path, { acceptTypes: ['message/cpim', 'text/plain'], maxSize: 1000 });
  assert.match(sdp, /^v=0\r\n/);
  assert.match(sdp, /\r\nc=IN IP4 relay\.test\r\n/);
  assert.match(sdp, /\r\nm=message 2855 TCP\/TLS\/MSRP \*\r\n/);
  assert.match(sdp, /\r\na=path:msrps:\/\/relay\.test:2855\/jui787s2f;tcp msrps:\/\/df7jal23ls0d\.invalid:2855\/98cjs;ws\r\n/);
  assert.match(sdp, /\r\na=setup:active\r\n$/);
  const back = parseSessionSdp(sdp);
  assert.equal(back.path.length, 2);
  assert.ok(back.path[1].equals(path[1]));
  assert.deepEqual(back.acceptTypes, ['message/cpim', 'text/plain']);
  assert.equal(back.maxSize, 1000);
  assert.equal(back.setup, 'active');
});

test('a peer SDP without MSRP, refused, or without a path is an error', () => {
  const base = 'v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\n';
  assert.throws(() => parseSessionSdp(`${base}m=audio 4000 RTP/AVP 0\r\n`), /no m=message/);
  assert.throws(() => parseSessionSdp(`${base}m=message 0 TCP/MSRP *\r\na=path:msrp://h:1/s;tcp\r\n`), /port 0/);
  assert.throws(() => parseSessionSdp(`${base}m=message 9 TCP/MSRP *\r\n`), /no a=path/);
  const other = `${base}m=audio 4000 RTP/AVP 0\r\na=path:msrp://x:1/y;tcp\r\nm=message 7 TCP/MSRP *\r\na=path:msrp://h:7/s;tcp\r\n`;
  assert.equal(parseSessionSdp(other).path[0].host, 'h', 'only the message stream\'s attributes');
});

test('the description handler offers our path and hands the session over with the answer', async () => {
  const sessions = new Map();
  const self = MsrpUri.parse('msrps://abc.invalid:2855/s1;ws');
  const client = {
    sessions,
    session: (remotePath) => {
      const s = { self, remotePath, close: () => sessions.delete('s1') };
      sessions.set('s1', s);
      return s;
    },
    path: (s) => [...parsePath('msrps://relay.test:2855/u1;tcp'), s.self],
  };
  const handed = [];
  const sdh = new MsrpSessionDescriptionHandler(client, 'sip-session', (m, sip, remote) => handed.push([m, sip, remote]));
  const offer = await sdh.getDescription();
  assert.equal(offer.contentType, 'application/sdp');
  assert.match(offer.body, /a=path:msrps:\/\/relay\.test:2855\/u1;tcp msrps:\/\/abc\.invalid:2855\/s1;ws/);
  assert.equal(handed.length, 0, 'not before the answer');
  await sdh.setDescription('v=0\r\nm=message 7 TCP/MSRP *\r\na=path:msrp://bob.test:7/b1;tcp\r\na=setup:passive\r\n');
  assert.equal(handed.length, 1);
  assert.equal(handed[0][0].remotePath[0].toString(), 'msrp://bob.test:7/b1;tcp');
  assert.equal(handed[0][1], 'sip-session');
  assert.ok(sdh.hasDescription('application/sdp'));
  sdh.close();
  assert.equal(sessions.size, 0);
});

test('a file push offers sendonly with its file-selector, and the answer reads back (RFC 5547)', async () => {
  const { sessionSdp: make, parseSessionSdp: parse, parseFileSelector, formatFileSelector } = await import('../src/msrp/sdp.js');
  const { parsePath: pp } = await import('../src/msrp/uri.js');
  const file = { name: 'q"1%.bin', type: 'application/octet-stream', size: 10485760, sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d' };
  const sdp = make(pp('msrps://relay.example.com:8443/u1;tcp msrps://x.invalid:2855/s1;ws'), {
    acceptTypes: ['application/octet-stream'],
    direction: 'sendonly',
    file,
    fileTransferId: 'ft1',
  });
  assert.match(sdp, /a=file-selector:name:"q%221%25\.bin" type:application\/octet-stream size:10485760 hash:sha-1:A9:99:3E:/);
  const back = parse(sdp);
  assert.equal(back.direction, 'sendonly');
  assert.deepEqual(back.file, file);
  assert.equal(back.fileTransferId, 'ft1');
  assert.equal(parse(make(pp('msrp://r:1/u;tcp'))).direction, 'sendrecv');
  assert.deepEqual(parseFileSelector(formatFileSelector({ name: 'a b', size: 0 })), { name: 'a b', type: null, size: 0, sha1: null });
  for (const bad of ['name:"open', 'name:x', 'size:big', 'colour:red', 'nothing']) {
    assert.throws(() => parseFileSelector(bad), (e) => e.rule === 'file-selector', bad);
  }
});

test('a=setup: active unless told, passive when answering an active offer (RFC 6135)', async () => {
  const { sessionSdp: make, parseSessionSdp: parse } = await import('../src/msrp/sdp.js');
  const { parsePath: pp } = await import('../src/msrp/uri.js');
  assert.equal(parse(make(pp('msrp://r:1/u;tcp'))).setup, 'active');
  assert.equal(parse(make(pp('msrp://r:1/u;tcp'), { setup: 'passive' })).setup, 'passive');
});
