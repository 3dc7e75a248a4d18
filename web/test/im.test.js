import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpim, formatCpim } from '../src/msrp/cpim.js';
import { imdnMessage, imdnRequest, imdnNotification, parseImdn, isComposing, parseIsComposing } from '../src/msrp/im.js';

const utf8 = new TextEncoder();
const text = (b) => new TextDecoder().decode(b);

test('a text goes in CPIM asking for delivery and display notifications (RFC 5438 §6)', () => {
  const { id, bytes } = imdnMessage('sip:alice@a.invalid', 'sip:bob@example.com', 'héllo');
  const m = parseCpim(bytes);
  assert.equal(m.contentType, 'text/plain;charset=UTF-8');
  assert.equal(text(m.body), 'héllo');
  const r = imdnRequest(m.headers);
  assert.equal(r.id, id);
  assert.equal(r.delivery, true);
  assert.equal(r.display, true);
  assert.equal(r.from, '<sip:alice@a.invalid>');
  assert.match(r.dateTime, /^\d{4}-\d\d-\d\dT/);
});

test('the notification names the message and its status, and reads back', () => {
  const m = parseCpim(imdnMessage('sip:alice@a.invalid', 'sip:bob@example.com', 'x').bytes);
  const r = imdnRequest(m.headers);
  for (const status of ['delivered', 'displayed']) {
    const n = parseCpim(imdnNotification(r, 'sip:bob@example.com', status));
    assert.equal(n.contentType, 'message/imdn+xml');
    assert.deepEqual(n.contentHeaders.find(([h]) => h === 'Content-Disposition'), ['Content-Disposition', 'notification']);
    assert.equal(n.headers.find(([h]) => h === 'To')[1], '<sip:alice@a.invalid>');
    assert.deepEqual(parseImdn(n.body), { id: r.id, status });
  }
});

test('a notification as Parley and other stacks write it, with prefixes and another NS prefix', () => {
  const doc = utf8.encode(
    '<?xml version="1.0"?><i:imdn xmlns:i="urn:ietf:params:xml:ns:imdn"><i:message-id>a&amp;b</i:message-id>' +
      '<i:datetime>2026-12-07T02:00:00Z</i:datetime><i:display-notification><i:status><i:displayed/></i:status>' +
      '</i:display-notification></i:imdn>');
  assert.deepEqual(parseImdn(doc), { id: 'a&b', status: 'displayed' });
  const h = [['NS', 'x <urn:ietf:params:imdn>'], ['x.Message-ID', 'm1'], ['x.Disposition-Notification', 'display'], ['DateTime', 'd']];
  assert.deepEqual({ ...imdnRequest(h) }, { id: 'm1', dateTime: 'd', delivery: false, display: true, from: null });
  assert.equal(imdnRequest([['From', '<sip:x@y>']]), null);
});

test('notifications and statuses that break their rules are errors naming the rule', () => {
  assert.throws(() => parseImdn(utf8.encode('<imdn><status><delivered/></status></imdn>')), (e) => e.rule === 'imdn' && /message-id/.test(e.message));
  assert.throws(() => parseImdn(utf8.encode('<imdn><message-id>1</message-id></imdn>')), (e) => e.rule === 'imdn' && /status/.test(e.message));
  assert.throws(() => parseImdn(new Uint8Array(20000)), (e) => e.rule === 'imdn');
  assert.throws(() => parseImdn(new Uint8Array([0xff, 0xfe])), (e) => e.rule === 'imdn');
  assert.throws(() => parseIsComposing(utf8.encode('<isComposing><state>typing</state></isComposing>')), (e) => e.rule === 'iscomposing');
  assert.throws(() => parseIsComposing(utf8.encode('<isComposing/>')), (e) => e.rule === 'iscomposing');
  assert.throws(() => formatCpim([['From', 'a\r\nTo: b']], 'text/plain', 'x'), (e) => e.rule === 'cpim');
});

test('is-composing statuses round-trip (RFC 3994)', () => {
  assert.deepEqual(parseIsComposing(isComposing('active', 90)), { state: 'active', refresh: 90 });
  assert.deepEqual(parseIsComposing(isComposing('idle')), { state: 'idle', refresh: null });
  assert.match(text(isComposing('active')), /xmlns="urn:ietf:params:xml:ns:im-iscomposing"/);
});
