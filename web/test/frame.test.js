import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunk, encodeChunk, header } from '../src/msrp/frame.js';
import { MsrpError } from '../src/msrp/errors.js';
import { MsrpUri, parsePath, formatPath, randomToken } from '../src/msrp/uri.js';

const utf8 = new TextEncoder();
const bytes = (s) => utf8.encode(s);
const rule = (r) => (e) => e instanceof MsrpError && e.rule === r;

const SEND =
  'MSRP a786hjs2 SEND\r\n' +
  'To-Path: msrps://a.example.com:2855/jui787s2f;tcp msrps://bob.example.com:49154/foo;tcp\r\n' +
  'From-Path: msrps://df7jal23ls0d.invalid:2855/98cjs;ws\r\n' +
  'Message-ID: 87652491\r\n' +
  'Byte-Range: 1-25/25\r\n' +
  'Content-Type: text/plain\r\n' +
  '\r\n' +
  'Hey Bob, are you there?\r\n' +
  '\r\n' +
  '-------a786hjs2$\r\n';

test('a SEND of RFC 7977 §8.2.2 is read', () => {
  const c = parseChunk(bytes(SEND));
  assert.equal(c.tid, 'a786hjs2');
  assert.equal(c.method, 'SEND');
  assert.equal(c.flag, '$');
  assert.equal(new TextDecoder().decode(c.body), 'Hey Bob, are you there?\r\n');
  assert.equal(header(c, 'byte-range'), '1-25/25');
  const to = parsePath(header(c, 'To-Path'));
  assert.equal(to.length, 2);
  assert.equal(to[1].toString(), 'msrps://bob.example.com:49154/foo;tcp');
  assert.equal(parsePath(header(c, 'from-path'))[0].transport, 'ws');
});

test('responses and bodiless requests are read', () => {
  const r = parseChunk(bytes('MSRP a786hjs2 200 OK\r\nTo-Path: msrp://a.invalid:2855/x;ws\r\nFrom-Path: msrp://r:1/y;tcp\r\n-------a786hjs2$\r\n'));
  assert.deepEqual([r.code, r.comment, r.method, r.body.length], [200, 'OK', null, 0]);
  const n = parseChunk(bytes('MSRP abcd 408\r\nTo-Path: msrp://a.invalid:2855/x;ws\r\nFrom-Path: msrp://r:1/y;tcp\r\n-------abcd$\r\n'));
  assert.deepEqual([n.code, n.comment, n.flag], [408, null, '$']);
  assert.throws(
    () => parseChunk(bytes('MSRP abcd 408\r\nTo-Path: msrp://a:1/x;tcp\r\nFrom-Path: msrp://r:1/y;tcp\r\n-------abcd+\r\n')),
    rule('response'));
  assert.throws(
    () => parseChunk(bytes('MSRP abcd SEND\r\nTo-Path: msrp://a:1/x;tcp\r\nTo-Path: msrp://a:1/z;tcp\r\nFrom-Path: msrp://r:1/y;tcp\r\n-------abcd$\r\n')),
    rule('headers'));
  const ok = 'MSRP abcd SEND\r\nTo-Path: msrp://a:1/x;tcp\r\nFrom-Path: msrp://r:1/y;tcp\r\n-------abcd$\r\n';
  assert.throws(() => parseChunk(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(ok)])), rule('start-line'), 'a BOM is not dropped');
  const headerBom = ok.replace('From-Path', '\ufeffFrom-Path');
  assert.throws(() => parseChunk(bytes(headerBom)), rule('header'));
});

test('every chunk written is read back the same', () => {
  for (let i = 0; i < 300; i++) {
    const tid = randomToken(4 + (i % 28));
    const body = new Uint8Array(i * 7);
    globalThis.crypto.getRandomValues(body);
    const headers = [
      ['To-Path', 'msrps://relay.test:2855/s1;tcp msrps://x.invalid:2855/s2;ws'],
      ['From-Path', 'msrps://y.invalid:2855/s3;ws'],
      ['Message-ID', `m${i}`],
      ['Byte-Range', `1-${body.length}/${body.length}`],
      ['Content-Type', 'application/octet-stream'],
    ];
    let wire;
    try {
      wire = encodeChunk({ tid, method: 'SEND', headers, body, flag: i % 3 === 0 ? '+' : '$' });
    } catch (e) {
      assert.equal(e.rule, 'content-has-end-line'); // random bytes holding it: vanishingly rare
      continue;
    }
    const c = parseChunk(wire);
    assert.equal(c.tid, tid);
    assert.deepEqual(c.headers, headers);
    assert.deepEqual(Array.from(c.body), Array.from(body));
    assert.equal(c.flag, i % 3 === 0 ? '+' : '$');
  }
});

test('a body holding its own end-line is refused on both sides', () => {
  const headers = [['To-Path', 'msrp://a:1/b;tcp'], ['From-Path', 'msrp://c:1/d;tcp']];
  for (const body of ['x\r\n-------abcd$\r\ny', '-------abcd+\r\n', 'tail\r\n-------abcd#']) {
    assert.throws(() => encodeChunk({ tid: 'abcd', method: 'SEND', headers, body }), rule('content-has-end-line'));
  }
  const two =
    'MSRP abcd SEND\r\nTo-Path: msrp://a:1/b;tcp\r\nFrom-Path: msrp://c:1/d;tcp\r\n\r\nhi\r\n' +
    '-------abcd$\r\nMSRP abcd SEND\r\n\r\n-------abcd$\r\n';
  assert.throws(() => parseChunk(bytes(two)), rule('one-chunk-per-message'));
  const after = 'MSRP abcd 200 OK\r\nTo-Path: msrp://a:1/b;tcp\r\nFrom-Path: msrp://c:1/d;tcp\r\n-------abcd$\r\nX';
  assert.throws(() => parseChunk(bytes(after)), rule('one-chunk-per-message'));
});

test('bad input gets an error naming the rule', () => {
  const cases = [
    ['HTTP/1.1 200 OK\r\n', 'start-line'],
    ['MSRP abcd SEND', 'start-line'],
    ['MSRP ab SEND\r\n', 'transact-id'],
    ['MSRP ab*d SEND\r\n', 'transact-id'],
    ['MSRP abcd send\r\n', 'method'],
    ['MSRP abcd 20 OK\r\n', 'method'],
    ['MSRP abcd SEND\nTo-Path: x\r\n', 'CRLF'],
    ['MSRP abcd SEND\r\nTo-Path msrp://a:1/b;tcp\r\n', 'header'],
    ['MSRP abcd SEND\r\nTo-Path: msrp://a:1/b;tcp\r\n', 'end-line'],
    ['MSRP abcd SEND\r\nTo-Path: msrp://a:1/b;tcp\r\n-------abcd$\r\n', 'headers'],
    ['MSRP abcd SEND\r\nTo-Path: msrp://a:1/b;tcp\r\nFrom-Path: msrp://c:1/d;tcp\r\n\r\nbody\r\n-------abce$\r\n', 'end-line'],
    ['MSRP abcd SEND\r\nTo-Path: msrp://a:1/b;tcp\r\nFrom-Path: msrp://c:1/d;tcp\r\n\r\nbody-------abcd$\r\n', 'end-line'],
  ];
  for (const [input, r] of cases) {
    assert.throws(() => parseChunk(bytes(input)), rule(r), JSON.stringify(input));
  }
  const bad = new Uint8Array([...bytes('MSRP abcd SEND\r\nSubject: '), 0xff, ...bytes('\r\n')]);
  assert.throws(() => parseChunk(bad), rule('header'));
  const huge = 'MSRP abcd SEND\r\nX: ' + 'y'.repeat(20000) + '\r\n';
  assert.throws(() => parseChunk(bytes(huge)), rule('head-size'));
  assert.throws(() => parseChunk(new Uint8Array(10), { maxHead: 100, maxChunk: 5 }), rule('chunk-size'));
});

test('every truncation of a chunk is an error, never a chunk', () => {
  const wire = bytes(SEND);
  for (let n = 0; n < wire.length; n++) {
    assert.throws(() => parseChunk(wire.subarray(0, n)), MsrpError, `first ${n} bytes`);
  }
});

test('MSRP URIs are read, compared and written as RFC 4975 §6.1 says', () => {
  const u = MsrpUri.parse('MSRPS://Alice@A.example.com:443;ws');
  assert.deepEqual([u.secure, u.user, u.host, u.port, u.sessionId, u.transport], [true, 'Alice', 'A.example.com', 443, null, 'ws']);
  assert.ok(MsrpUri.parse('msrp://h:2855/s;TCP').equals(MsrpUri.parse('msrp://H/s;tcp')));
  assert.ok(!MsrpUri.parse('msrp://h/s;tcp').equals(MsrpUri.parse('msrp://h/S;tcp')));
  assert.equal(MsrpUri.parse('msrp://[::1]:9/x;tcp').host, '[::1]');
  assert.equal(formatPath(parsePath('msrp://a:1/b;tcp  msrps://c.invalid:2855/d;ws')), 'msrp://a:1/b;tcp msrps://c.invalid:2855/d;ws');
  for (const bad of ['http://x/y;tcp', 'msrp://h/s', 'msrp://h:99999/s;tcp', 'msrp://:1/s;tcp', 'msrp://h/s s;tcp', 'msrp://h/s;t-p']) {
    assert.throws(() => MsrpUri.parse(bad), rule('msrp-uri'), bad);
  }
  const own = MsrpUri.ownWebSocketUri();
  assert.match(own.toString(), /^msrps:\/\/[a-z0-9]{12}\.invalid:2855\/[A-Za-z0-9]{20};ws$/);
  assert.ok(MsrpUri.parse(own.toString()).equals(own));
});
