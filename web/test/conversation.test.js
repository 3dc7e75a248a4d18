import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Conversation } from '../src/page/conversation.js';
import { CPIM, imdnNotification } from '../src/msrp/im.js';
import { formatCpim, parseCpim, cpimHeader } from '../src/msrp/cpim.js';

// The page's document, as far as a Conversation uses it (display notifications wait for it).
globalThis.document ??= { visibilityState: 'visible', addEventListener() {}, removeEventListener() {} };

/** The page's ui: lines as plain objects, their notes kept. */
function fakeUi() {
  return {
    lines: [],
    line(text, mine) {
      const el = { text, mine, dataset: {}, note: '' };
      this.lines.push(el);
      return el;
    },
    note(el, text) {
      el.note = text;
    },
    typing() {},
    fail() {},
  };
}

/**
 * An MSRP session whose sends the test settles: each tells its Message-ID through onStart at
 * once, as ClientSession.send does before its first chunk, and resolves when `finish()` is called.
 */
function fakeMsrp() {
  const m = { sends: [] };
  m.send = (type, body, { onStart } = {}) =>
    new Promise((resolve, reject) => {
      const messageId = `id${m.sends.length + 1}`;
      onStart?.(messageId);
      m.sends.push({ type, body, messageId, finish: () => resolve(messageId), fail: reject });
    });
  return m;
}

function chat(acceptTypes = [CPIM, 'text/plain']) {
  const ui = fakeUi();
  const msrp = fakeMsrp();
  const c = new Conversation(msrp, { acceptTypes, acceptWrapped: ['text/plain'] }, 'sip:alice@a.test', 'sip:bob@b.test', ui);
  return { c, ui, msrp };
}

test('a failure report marks the sent line failed with its status, even before the send resolves', async () => {
  for (const types of [[CPIM, 'text/plain'], ['text/plain']]) {
    const { c, ui, msrp } = chat(types);
    const sending = c.send('hello');
    const line = ui.lines[0];
    assert.equal(line.dataset.status, 'sending');
    c.reported(msrp.sends[0].messageId, '000 481 Session Does Not Exist');
    msrp.sends[0].finish();
    await sending;
    assert.equal(line.dataset.status, 'failed', 'its 200 does not make it sent again');
    assert.equal(line.note, 'not delivered: 481 Session Does Not Exist');
    c.close();
  }
});

test('a failure report after the send resolved marks the line failed too', async () => {
  const { c, ui, msrp } = chat();
  const sending = c.send('hello');
  msrp.sends[0].finish();
  await sending;
  assert.equal(ui.lines[0].dataset.status, 'sent');
  c.reported(msrp.sends[0].messageId, '000 408 Request Timeout');
  assert.equal(ui.lines[0].dataset.status, 'failed');
  assert.equal(ui.lines[0].note, 'not delivered: 408 Request Timeout');
  c.close();
});

test('a success report marks a line delivered; no report undoes what the IMDN said', async () => {
  const { c, ui, msrp } = chat();
  const first = c.send('one');
  const second = c.send('two');
  msrp.sends.forEach((s) => s.finish());
  await Promise.all([first, second]);
  c.reported(msrp.sends[0].messageId, '000 200 OK');
  assert.equal(ui.lines[0].dataset.status, 'delivered');
  ui.lines[1].dataset.status = 'displayed'; // as the peer's IMDN sets it
  c.reported(msrp.sends[1].messageId, '000 408 Request Timeout');
  assert.equal(ui.lines[1].dataset.status, 'displayed');
  assert.equal(ui.lines[1].note, '');
  c.reported('not-a-line', '000 400 Bad Request'); // a notification's or a typing status's
  assert.deepEqual(ui.lines.map((l) => l.dataset.status), ['delivered', 'displayed']);
  c.close();
});

test('a line whose send fails is marked failed, and the error still reaches the page', async () => {
  const { c, ui, msrp } = chat();
  const sending = c.send('hello');
  msrp.sends[0].fail(new Error('not connected to the relay'));
  await assert.rejects(sending, /not connected/);
  assert.equal(ui.lines[0].dataset.status, 'failed');
  assert.equal(ui.lines[0].note, 'not sent: not connected to the relay');
  c.close();
});

/** A CPIM body from bob asking for a delivery notification, its content `type` and `bytes`. */
function cpimFromBob(type, bytes) {
  return formatCpim([['From', '<sip:bob@b.test>'], ['To', '<sip:alice@a.test>'], ['NS', 'imdn <urn:ietf:params:imdn>'], ['imdn.Message-ID', 'n1'], ['imdn.Disposition-Notification', 'positive-delivery']], type, bytes);
}

test('a message the chat cannot show is refused with 415 or 400, shown nowhere and not notified delivered', () => {
  const { c, ui, msrp } = chat();
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const notUtf8 = new Uint8Array([0x68, 0xff, 0xfe]);
  const refusals = [
    ['image/png', png, '000 415 Unsupported Media Type'],
    [CPIM, cpimFromBob('image/png', png), '000 415 Unsupported Media Type'],
    ['text/plain;charset=x-no-such-charset', new Uint8Array([0x68]), '000 415 Unsupported Media Type'],
    ['text/plain', notUtf8, undefined], // no status of its own: the client's 400
    [CPIM, cpimFromBob('text/plain;charset=UTF-8', notUtf8), undefined],
    [CPIM, new TextEncoder().encode('not cpim at all'), undefined],
  ];
  for (const [type, body, status] of refusals) {
    assert.throws(() => c.received(type, body), (e) => e.status === status, type);
  }
  assert.equal(ui.lines.length, 0, 'nothing shown as chat');
  assert.equal(msrp.sends.length, 0, 'no delivery notification for what was not shown');
  c.close();
});

test('text/plain, alone or in CPIM, in UTF-8 or a charset it names, is shown and taken (no verdict)', () => {
  const { c, ui, msrp } = chat();
  assert.equal(c.received('text/plain', new TextEncoder().encode('héllo')), undefined);
  assert.equal(c.received('text/plain;charset=ISO-8859-1', new Uint8Array([0x68, 0xe9])), undefined);
  assert.equal(c.received(CPIM, cpimFromBob('text/plain;charset=UTF-8', new TextEncoder().encode('in cpim'))), undefined);
  assert.deepEqual(ui.lines.map((l) => l.text), ['héllo', 'hé', 'in cpim']);
  assert.equal(msrp.sends.length, 1, 'the delivery notification asked for');
  c.close();
});

/** Bob's IMDN `status` for the line sent as `send` (its CPIM body's imdn.Message-ID). */
function imdnFor(send, status) {
  const id = cpimHeader(parseCpim(send.body).headers, 'imdn.Message-ID');
  return imdnNotification({ id, from: '<sip:alice@a.test>' }, 'sip:bob@b.test', status);
}

test('a send that fails neither undoes what an IMDN said of its line or another, nor marks it delivered', async () => {
  const { c, ui, msrp } = chat();
  const first = c.send('one');
  msrp.sends[0].finish();
  await first;
  c.received(CPIM, imdnFor(msrp.sends[0], 'displayed'));
  const second = c.send('two'); // delivered as the peer says, though its last 200 never comes
  c.received(CPIM, imdnFor(msrp.sends[1], 'delivered'));
  const third = c.send('three');
  msrp.sends[1].fail(new Error('no response to SEND in 30000 ms'));
  msrp.sends[2].fail(new Error('not connected to the relay'));
  await assert.rejects(second, /30000 ms/); // the error still reaches the page
  await assert.rejects(third, /not connected/);
  assert.deepEqual(ui.lines.map((l) => l.dataset.status), ['displayed', 'delivered', 'failed']);
  assert.deepEqual(ui.lines.map((l) => l.note), ['', '', 'not sent: not connected to the relay']);
  c.close();
});
