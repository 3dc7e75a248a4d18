import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseByteRange, pieces, Reassembly } from '../src/msrp/chunks.js';

const rule = (r) => (e) => e.rule === r;

test('Byte-Range is read and checked', () => {
  assert.deepEqual(parseByteRange('1-25/25'), { start: 1, end: 25, total: 25 });
  assert.deepEqual(parseByteRange('26-*/*'), { start: 26, end: null, total: null });
  assert.deepEqual(parseByteRange('1-0/0'), { start: 1, end: 0, total: 0 });
  for (const bad of ['0-1/1', '5-3/9', '1-10/5', '1-2', 'a-b/c', '1-9999999999999999/1']) {
    assert.throws(() => parseByteRange(bad), rule('Byte-Range'), bad);
  }
});

test('a message is cut into chunks that cover it exactly once', () => {
  assert.deepEqual(pieces(0, 10), [{ start: 1, end: 0, last: true }]);
  assert.deepEqual(pieces(25, 10), [
    { start: 1, end: 10, last: false },
    { start: 11, end: 20, last: false },
    { start: 21, end: 25, last: true },
  ]);
});

test('chunks in any order, resent or not, give the message back', () => {
  const body = new Uint8Array(1000).map((_, i) => i & 0xff);
  const parts = pieces(body.length, 64);
  const order = [...parts].reverse();
  order.splice(2, 0, parts[3]); // a chunk resent while the message is in progress
  const r = new Reassembly();
  let done = null;
  order.forEach((p, i) => {
    const flag = i === order.length - 1 || p.last ? '$' : '+';
    const got = r.add('m1', `${p.start}-${p.end}/${body.length}`, 'application/x', body.subarray(p.start - 1, p.end), flag);
    if (got) {
      done = got;
    }
  });
  assert.ok(done);
  assert.deepEqual(Array.from(done.body), Array.from(body));
  assert.equal(r.messages.size, 0);
});

test('what a peer sends is bounded: size, count, totals, aborts', () => {
  const r = new Reassembly({ maxMessages: 2, maxBytes: 100 });
  const b = new Uint8Array(10);
  assert.throws(() => r.add('big', '1-10/101', 't', b, '+'), rule('message-size'));
  assert.equal(r.add('a', '1-10/50', 't', b, '+'), null);
  assert.equal(r.add('b', '1-10/50', 't', b, '+'), null);
  assert.throws(() => r.add('c', '1-10/50', 't', b, '+'), rule('messages-in-progress'));
  assert.throws(() => r.add('a', '45-54/50', 't', b, '+'), rule('Byte-Range'));
  assert.equal(r.messages.has('a'), false, 'a message gone wrong is forgotten');
  assert.equal(r.add('b', '11-20/50', 't', b, '#'), null);
  assert.equal(r.messages.size, 0, 'an aborted message is forgotten');
  assert.throws(() => r.add('d', '1-10/*', 't', b, '+'), rule('Byte-Range'));
  assert.throws(
    () => {
      for (let i = 0; i < 2000; i++) {
        r.add('e', '1-10/20', 't', b, '+');
      }
    },
    rule('Byte-Range'),
    'resent without end');
  assert.equal(r.messages.has('e'), false);
  const one = r.add('f', '1-10/10', 'text/plain', b, '$');
  assert.equal(one.body.length, 10);
});

test('a peer sending gapped pieces, or stopping midway, is bounded', () => {
  let t = 0;
  const r = new Reassembly({ maxGaps: 8, idleMs: 1000, now: () => t });
  const one = new Uint8Array(1);
  assert.throws(() => {
    for (let i = 0; i < 20; i++) {
      r.add('g', `${2 * i + 1}-${2 * i + 1}/100`, 't', one, '+');
    }
  }, rule('message-size'));
  assert.equal(r.messages.has('g'), false);
  r.add('s', '1-1/100', 't', one, '+');
  t = 5000;
  r.add('other', '1-1/100', 't', one, '+');
  assert.equal(r.messages.has('s'), false, 'a message idle past idleMs is forgotten');
  assert.equal(r.messages.has('other'), true);
});
