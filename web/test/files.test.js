import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionState } from 'sip.js';
import { FileTransfers, whyNotSent, whyWithdrawn } from '../src/page/files.js';
import { MsrpError } from '../src/msrp/errors.js';

/** An incoming INVITE as SIP.js 0.21 shows it: a state, its stateChange emitter, accept, reject. */
function fakeInvitation() {
  const listeners = new Set();
  const inv = {
    state: SessionState.Initial,
    remoteIdentity: { uri: 'sip:bob@bob.test' },
    msrp: { active: false },
    calls: [],
    listeners,
    stateChange: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
    to(state) {
      inv.state = state;
      [...listeners].forEach((l) => l(state));
    },
    accept: async () => {
      inv.calls.push('accept');
    },
    reject: async ({ statusCode }) => {
      inv.calls.push(`reject ${statusCode}`);
    },
  };
  return inv;
}

/**
 * The page's ui as FileTransfers uses it. offer() answers what the test says, or null once its
 * signal aborts, as app.js's buttons do; `ignoreSignal` makes one that answers regardless.
 */
function fakeUi({ ignoreSignal = false } = {}) {
  const ui = { items: [], offers: [] };
  ui.item = (text) => {
    const it = { text, status: null };
    it.progress = () => {};
    it.done = (t) => Object.assign(it, { status: 'done', text: t });
    it.failed = (t) => Object.assign(it, { status: 'failed', text: t || it.text });
    ui.items.push(it);
    return it;
  };
  ui.offer = (text, signal) =>
    new Promise((resolve) => {
      ui.offers.push({ text, signal, answer: resolve });
      if (!ignoreSignal && signal.aborted) {
        resolve(null);
      } else if (!ignoreSignal) {
        signal.addEventListener('abort', () => resolve(null));
      }
    });
  return ui;
}

const remote = (file) => ({ file: { name: 'a.bin', type: 'application/octet-stream', size: 5, sha1: null, ...file } });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('an offer whose INVITE is CANCELed before the user answers is withdrawn: neither accepted nor rejected', async () => {
  const ui = fakeUi();
  const files = new FileTransfers(ui, 1 << 20);
  const inv = fakeInvitation();
  const offered = files.offered(inv, remote());
  await tick();
  assert.equal(ui.offers.length, 1);
  assert.equal(ui.offers[0].signal.aborted, false);
  inv.to(SessionState.Terminated); // SIP.js's Invitation on CANCEL: 487, then Terminated
  await offered;
  assert.equal(ui.offers[0].signal.aborted, true, 'the ui was told: its buttons go');
  ui.offers[0].answer(true); // a click that comes after: nothing happens
  await tick();
  assert.deepEqual(inv.calls, []);
  assert.equal(inv.listeners.size, 0, 'no listener left on the ended invitation');
});

test('an answer that crosses the CANCEL is dropped', async () => {
  const ui = fakeUi({ ignoreSignal: true });
  const files = new FileTransfers(ui, 1 << 20);
  for (const yes of [true, false]) {
    const inv = fakeInvitation();
    const offered = files.offered(inv, remote());
    await tick();
    inv.to(SessionState.Terminated);
    ui.offers.at(-1).answer(yes);
    await offered;
    assert.deepEqual(inv.calls, [], `answered ${yes}`);
  }
  assert.equal(ui.items.length, 0, 'no file item for a file never taken');
});

test('an invitation already over when the page asks is withdrawn at once', async () => {
  const ui = fakeUi();
  const files = new FileTransfers(ui, 1 << 20);
  const inv = fakeInvitation();
  inv.state = SessionState.Terminated;
  await files.offered(inv, remote());
  assert.equal(ui.offers[0].signal.aborted, true);
  assert.deepEqual(inv.calls, []);
});

test('an offer answered while it stands is accepted or declined (603)', async () => {
  const ui = fakeUi();
  const files = new FileTransfers(ui, 1 << 20);
  const yes = fakeInvitation();
  const accepted = files.offered(yes, remote());
  await tick();
  ui.offers[0].answer(true);
  await accepted;
  assert.deepEqual(yes.calls, ['accept']);
  const no = fakeInvitation();
  const declined = files.offered(no, remote());
  await tick();
  ui.offers[1].answer(false);
  await declined;
  assert.deepEqual(no.calls, ['reject 603']);
  yes.to(SessionState.Terminated); // before Established: the sender gave up after the accept
  assert.equal(ui.items[0].status, 'failed');
  assert.match(ui.items[0].text, /ended before it began/);
});

test('a CANCEL that crosses the accept fails the file item, not the page', async () => {
  const ui = fakeUi();
  const files = new FileTransfers(ui, 1 << 20);
  const inv = fakeInvitation();
  inv.accept = async () => {
    inv.to(SessionState.Terminated);
    throw new Error('Invalid session state Terminated');
  };
  const offered = files.offered(inv, remote());
  await tick();
  ui.offers[0].answer(true);
  await offered; // resolves: nothing for the page's error line
  assert.equal(ui.items[0].status, 'failed');
  assert.match(ui.items[0].text, /ended before it began \(Invalid session state/);
});

/** A file accepted and its session up: what FileTransfers.received then judges. */
async function receiving(file) {
  const ui = fakeUi();
  const files = new FileTransfers(ui, 1 << 20);
  const inv = fakeInvitation();
  const offered = files.offered(inv, remote(file));
  await tick();
  ui.offers[0].answer(true);
  await offered;
  inv.to(SessionState.Established);
  assert.equal(files.owns(inv.msrp), true);
  return { files, session: inv.msrp, item: ui.items[0] };
}

const HELLO = new TextEncoder().encode('hello'); // SHA-1 aaf4c61d...
const HELLO_SHA1 = 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d';

test('a file whose SHA-1 and size match its offer is taken: verdict true', async () => {
  const { files, session, item } = await receiving({ sha1: HELLO_SHA1 });
  assert.equal(await files.received(session, 'application/octet-stream', HELLO), true);
  assert.equal(item.status, 'done');
  assert.equal(files.owns(session), false);
});

test('a file whose SHA-1 is not the one offered gets verdict false: its sender hears it failed', async () => {
  const { files, session, item } = await receiving({ sha1: 'f'.repeat(40) });
  assert.equal(await files.received(session, 'application/octet-stream', HELLO), false);
  assert.equal(item.status, 'failed');
  assert.match(item.text, /SHA-1 is aaf4c61d/);
});

test('a file of another size than offered gets verdict false', async () => {
  const { files, session, item } = await receiving({ size: 6 });
  assert.equal(await files.received(session, 'application/octet-stream', HELLO), false);
  assert.equal(item.status, 'failed');
});

test('a message of another session is no file: no verdict', async () => {
  const files = new FileTransfers(fakeUi(), 1 << 20);
  assert.equal(files.owns({}), false);
  assert.equal(await files.received({}, 'text/plain', HELLO), undefined);
});

test('an upload a failure report stopped says "not delivered" with the status', () => {
  const reported = Object.assign(new MsrpError('report', 'the peer reported 000 400 Bad Request'), { status: '000 400 Bad Request' });
  assert.equal(whyNotSent(reported, null), 'not delivered: 400 Bad Request');
  assert.equal(whyNotSent(new Error('the peer ended the transfer'), null), 'not sent: the peer ended the transfer');
  assert.equal(whyNotSent(new Error('x'), 'refused: 603 Decline'), 'not sent: refused: 603 Decline');
});

test("a withdrawn offer says whether its sender canceled it or it ended otherwise (SIP.js's isCanceled)", async () => {
  const ui = fakeUi();
  const files = new FileTransfers(ui, 1 << 20);
  const canceled = fakeInvitation();
  const offered = files.offered(canceled, remote());
  await tick();
  canceled.isCanceled = true; // SIP.js's Invitation._onCancel: flagged, 487, then Terminated
  canceled.to(SessionState.Terminated);
  await offered;
  const ended = fakeInvitation();
  const other = files.offered(ended, remote());
  await tick();
  ended.to(SessionState.Terminated); // e.g. its transaction timed out, or the transport went
  await other;
  const over = fakeInvitation(); // already over when asked
  over.isCanceled = true;
  over.state = SessionState.Terminated;
  await files.offered(over, remote());
  assert.deepEqual(
    ui.offers.map((o) => o.signal.reason),
    ['withdrawn: the sender canceled the offer', 'withdrawn: the offer ended before it was answered', 'withdrawn: the sender canceled the offer'],
  );
  assert.equal(whyWithdrawn({ isCanceled: false }), 'withdrawn: the offer ended before it was answered');
});
