import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpim } from '../src/msrp/cpim.js';

const utf8 = new TextEncoder();

test('a CPIM-wrapped text is unwrapped (RFC 3862)', () => {
  const m = parseCpim(utf8.encode(
    'From: <sip:bob@example.com>\r\nTo: <sip:alice@example.com>\r\nDateTime: 2026-12-07T02:00:00Z\r\n' +
      'NS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: 34jk324j\r\n\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\n\r\nhello back'));
  assert.equal(m.contentType, 'text/plain; charset=utf-8');
  assert.equal(new TextDecoder().decode(m.body), 'hello back');
  assert.deepEqual(m.headers.find(([n]) => n === 'imdn.Message-ID'), ['imdn.Message-ID', '34jk324j']);
});

test('a CPIM body without its blank lines or with bad headers is an error', () => {
  assert.throws(() => parseCpim(utf8.encode('From: x\r\n')), (e) => e.rule === 'cpim');
  assert.throws(() => parseCpim(utf8.encode('From: x\r\n\r\nContent-Type: text/plain\r\n')), (e) => e.rule === 'cpim');
  assert.throws(() => parseCpim(utf8.encode('garbage\r\n\r\n\r\n\r\nx')), (e) => e.rule === 'cpim');
});
