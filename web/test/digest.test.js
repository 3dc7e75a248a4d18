import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { md5Hex, hash, parseChallenge, chooseChallenge, answer } from '../src/msrp/digest.js';
import { MsrpError } from '../src/msrp/errors.js';

const utf8 = new TextEncoder();

test('MD5 gives the RFC 1321 test-suite digests', () => {
  const suite = {
    '': 'd41d8cd98f00b204e9800998ecf8427e',
    a: '0cc175b9c0f1b6a831c399e269772661',
    abc: '900150983cd24fb0d6963f7d28e17f72',
    'message digest': 'f96b697d7cb7938d525a2f31aaf161d0',
    abcdefghijklmnopqrstuvwxyz: 'c3fcd3d76192e4007dfb496cca67e13b',
    '12345678901234567890123456789012345678901234567890123456789012345678901234567890':
      '57edf4a22be3c955ac49da2e2107b67a',
  };
  for (const [input, digest] of Object.entries(suite)) {
    assert.equal(md5Hex(utf8.encode(input)), digest, input);
  }
});

test('MD5 agrees with Node\'s own on every length around the block boundaries', () => {
  for (let n = 0; n < 200; n++) {
    const b = randomBytes(n);
    assert.equal(md5Hex(new Uint8Array(b)), createHash('md5').update(b).digest('hex'), `length ${n}`);
  }
});

test('a challenge is read with quoted strings, escapes and lists', () => {
  const c = parseChallenge(
    'Digest realm="relay \\"one\\"", nonce="abc,def", qop="auth,auth-int", algorithm=SHA-256, opaque="o", stale=TRUE');
  assert.deepEqual(c, {
    realm: 'relay "one"',
    nonce: 'abc,def',
    qop: ['auth', 'auth-int'],
    algorithm: 'SHA-256',
    opaque: 'o',
    stale: true,
  });
  assert.throws(() => parseChallenge('Basic realm="x"'), (e) => e instanceof MsrpError && e.rule === 'challenge');
  assert.throws(() => parseChallenge('Digest realm="x'), /unterminated/);
  assert.throws(() => parseChallenge('Digest realm="x", realm="y", nonce="n"'), /realm twice/);
  assert.throws(() => parseChallenge('Digest nonce="n"'), /realm and nonce/);
});

test('SHA-256 is chosen over MD5, and unknown algorithms are passed over', () => {
  const c = chooseChallenge([
    'Digest realm="r", nonce="1", qop="auth", algorithm=MD5',
    'Digest realm="r", nonce="2", qop="auth", algorithm=SHA-512-256',
    'Digest realm="r", nonce="3", qop="auth", algorithm=SHA-256',
  ]);
  assert.equal(c.nonce, '3');
  assert.throws(() => chooseChallenge(['Digest realm="r", nonce="2", algorithm=SHA-512-256']), /no MD5 or SHA-256/);
});

/** The response computed independently with node:crypto, as the relay computes it. */
function expected(alg, user, realm, pw, nonce, cnonce, uri) {
  const H = (s) => createHash(alg === 'MD5' ? 'md5' : 'sha256').update(s, 'utf8').digest('hex');
  return H(`${H(`${user}:${realm}:${pw}`)}:${nonce}:00000001:${cnonce}:auth:${H(`AUTH:${uri}`)}`);
}

for (const alg of ['MD5', 'SHA-256']) {
  test(`the ${alg} answer carries the response the relay expects`, async () => {
    const uri = 'msrps://relay.test:443;ws';
    const c = parseChallenge(`Digest realm="relay.test", nonce="n0nce", qop="auth", opaque="op", algorithm=${alg}`);
    const v = await answer(c, 'al"ice', 'pässword', uri, { cnonce: 'c1' });
    assert.match(v, /^Digest username="al\\"ice", realm="relay.test", nonce="n0nce", uri="msrps:\/\/relay.test:443;ws", qop=auth, nc=00000001, cnonce="c1", response="[0-9a-f]+", opaque="op", algorithm=/);
    const response = /response="([0-9a-f]+)"/.exec(v)[1];
    assert.equal(response, expected(alg, 'al"ice', 'relay.test', 'pässword', 'n0nce', 'c1', uri));
  });
}

test('a challenge without qop=auth is refused', async () => {
  const c = parseChallenge('Digest realm="r", nonce="n"');
  await assert.rejects(answer(c, 'u', 'p', 'msrp://r:1;tcp'), (e) => e.rule === 'qop');
});

test('hash refuses other algorithms', async () => {
  await assert.rejects(hash('SHA-1', 'x'), (e) => e.rule === 'algorithm');
});
