import { UserAgent, Inviter, SessionState } from 'sip.js';
import { MsrpClient } from '../msrp/client.js';
import { formatPath } from '../msrp/uri.js';
import { parseSessionSdp } from '../msrp/sdp.js';
import { msrpSessionDescriptionHandlerFactory } from './msrp-sdh.js';
import { Conversation } from './conversation.js';
import { FileTransfers } from './files.js';

/**
 * The chat page. It is served by the relay, so the relay is where the page came from: its
 * WebSocket endpoint is /msrp on the same host and port, wss when the page came over https. A
 * call goes by SIP over WebSocket (SIP.js) to the address given; its MSRP session goes through
 * the relay (MsrpSessionDescriptionHandler). Files go each in a session of their own (RFC 5547).
 */
const $ = (id) => document.getElementById(id);
const secure = location.protocol === 'https:';
const relayUrl = `${secure ? 'wss' : 'ws'}://${location.host}/msrp`;
const relayUri = `${secure ? 'msrps' : 'msrp'}://${location.hostname}:${location.port || (secure ? 443 : 80)};ws`;
const MAX_FILE = 256 * 1024 * 1024;
let client = null;
let ua = null;
let self = null;
let peer = null;
let chat = null; // the Conversation, once a chat is up
let calling = null; // this page's INVITE while it rings

function show(text) {
  $('status').textContent = text;
}

function fail(e) {
  $('error').hidden = false;
  $('error').textContent = e.message ?? String(e);
}

/** A line of the conversation; peer text is text, never markup. */
function line(text, mine) {
  const li = document.createElement('li');
  const t = document.createElement('span');
  t.className = 'text';
  t.textContent = text;
  li.append(t);
  li.className = mine ? 'mine' : 'theirs';
  $('conversation').append(li);
  return li;
}

/** Says why next to a line (a failure's status); '' takes it away. */
function note(li, text) {
  let n = li.querySelector('.note');
  if (!text) {
    n?.remove();
    return;
  }
  if (!n) {
    n = document.createElement('span');
    n.className = 'note';
    li.append(n);
  }
  n.textContent = text;
}

/**
 * Asks the user about a file offered: Accept and Decline buttons, answered once. When `signal`
 * aborts first (the sender CANCELed its INVITE, or it ended otherwise), the buttons go, the line
 * says why (the signal's reason: files.js whyWithdrawn), and the promise resolves null: a click
 * can no longer accept or decline what is gone.
 */
function offer(text, signal) {
  const li = line(text, false);
  li.classList.add('offer');
  return new Promise((resolve) => {
    const answer = (yes) => {
      signal.removeEventListener('abort', withdrawn);
      li.querySelectorAll('button').forEach((x) => x.remove());
      resolve(yes);
    };
    const withdrawn = () => {
      answer(null);
      li.dataset.status = 'withdrawn';
      note(li, typeof signal.reason === 'string' ? signal.reason : 'withdrawn');
    };
    for (const [label, yes] of [['Accept', true], ['Decline', false]]) {
      const b = document.createElement('button');
      b.textContent = label;
      b.className = label.toLowerCase();
      b.addEventListener('click', () => answer(yes));
      li.append(' ', b);
    }
    if (signal.aborted) {
      withdrawn();
    } else {
      signal.addEventListener('abort', withdrawn);
    }
  });
}

const files = new FileTransfers(
  {
    item(text, mine) {
      const li = line(text, mine);
      li.classList.add('file');
      const bar = document.createElement('progress');
      bar.max = 1;
      bar.value = 0;
      li.append(bar);
      return {
        progress(done, total) {
          bar.max = total;
          bar.value = done;
        },
        done(text, link) {
          li.dataset.status = 'done';
          li.firstChild.textContent = text;
          bar.value = bar.max;
          if (link) {
            const a = document.createElement('a');
            a.href = link.url;
            a.download = link.name;
            a.textContent = 'Save';
            // Saved once: the file's memory goes back after the download started.
            a.addEventListener('click', () => setTimeout(() => {
              URL.revokeObjectURL(link.url);
              a.replaceWith('saved');
            }, 1000));
            li.append(' ', a);
          }
        },
        failed(text) {
          li.dataset.status = 'failed'; // the item's text says why: "not delivered: 400 ..."
          if (text) {
            li.firstChild.textContent = text;
          }
          bar.remove();
        },
      };
    },
    offer,
  },
  MAX_FILE,
);

const conversationUi = {
  line,
  note,
  typing(active) {
    $('typing').hidden = !active;
    $('typing').textContent = active ? `${peer} is typing…` : '';
  },
  fail,
};

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('error').hidden = true;
  $('connect').disabled = true;
  show('Connecting…');
  // Chunks of 64 KiB: the relay that served this page takes them whole in one WebSocket message.
  client = new MsrpClient({ url: relayUrl, relay: relayUri, username: $('user').value, password: $('password').value, maxMessageBytes: MAX_FILE, chunkSize: 64 * 1024 });
  client.onclose = () => show('Disconnected from the relay.');
  client.onerror = (e) => console.warn(`msrp: ${e.message}`);
  client.onprogress = (m) => files.progress(m.session, m.received, m.total);
  client.onmessage = (m) => (files.owns(m.session) ? fileArrived(m) : chatArrived(m));
  client.onreport = (r) => {
    // A file's reports settle its upload (files.send); a chat line's mark its line.
    if (chat && r.session === chat.msrp) {
      chat.reported(r.messageId, r.status);
    }
  };
  try {
    await client.connect();
    const probe = client.session([]);
    const path = formatPath(client.path(probe));
    probe.close();
    document.body.dataset.state = 'authenticated';
    show(`Authenticated with the relay; sessions go by ${path}`);
    $('login').hidden = true;
    $('call').hidden = false;
  } catch (e) {
    document.body.dataset.state = 'failed';
    show('Not connected.');
    fail(e);
    $('connect').disabled = false;
  }
});

/**
 * A whole file: its verdict (false when it is not the file offered) decides whether its sender
 * gets a success or a failure REPORT.
 */
async function fileArrived(m) {
  try {
    return await files.received(m.session, m.contentType, m.body);
  } catch (e) {
    fail(e);
    return false;
  }
}

/**
 * A chat message: no verdict when the chat took it, so a success report asked for goes. One the
 * chat cannot read (Conversation.received throws) or that no chat shows (a session neither the
 * chat's nor a file's) is refused: its sender gets a failure report, not a success.
 */
function chatArrived(m) {
  if (!chat || m.session !== chat.msrp) {
    return false;
  }
  try {
    return chat.received(m.contentType, m.body);
  } catch (e) {
    fail(e);
    throw e; // its status (415, else 400) goes in the failure report
  }
}

/**
 * The MSRP session of each SIP session, once both descriptions are known; a chat's conversation
 * starts then, so that what the peer sends as soon as its side is up is not lost.
 */
function ready(msrp, sipSession, remote, kind) {
  sipSession.msrp = msrp;
  if (kind !== 'chat') {
    return;
  }
  if (chat) {
    sipSession.bye?.().catch(() => {}); // one chat at a time: a second one is ended at once
    return;
  }
  chat = new Conversation(msrp, remote, self, peer, conversationUi);
}

function chatting(sipSession) {
  sipSession.stateChange.addListener(async (state) => {
    const mine = chat && sipSession.msrp === chat.msrp;
    if (state === SessionState.Established && mine) {
      try {
        if (sipSession.msrp.active) {
          try {
            await sipSession.msrp.bind();
          } catch (e) {
            await sipSession.bye().catch(() => {}); // no MSRP session: the chat is over
            throw e;
          }
        }
        document.body.dataset.state = 'chatting';
        show(`In a chat with ${peer}`);
        $('call').hidden = true;
        $('compose').hidden = false;
        $('sendfile').hidden = false;
      } catch (e) {
        fail(e);
      }
    } else if (state === SessionState.Terminated && mine) {
      chat.close();
      chat = null;
      document.body.dataset.state = 'ended';
      show('The chat ended.');
      $('compose').hidden = true;
      $('sendfile').hidden = true;
    }
  });
}

/**
 * An INVITE from the peer: a file it pushes, or a chat when none is up. Anything else (no MSRP
 * stream, another protocol than this page's, a file pulled from it) is refused at once.
 */
async function invited(invitation) {
  let remote;
  try {
    remote = parseSessionSdp(invitation.request.body);
    const proto = secure ? 'TCP/TLS/MSRP' : 'TCP/MSRP';
    if (remote.proto !== proto) {
      throw new Error(`offered ${remote.proto}; this page takes ${proto}`);
    }
    if (remote.file && remote.direction !== 'sendonly') {
      throw new Error('a file pulled from the page: it only sends the files its user picks');
    }
  } catch (e) {
    console.warn(`an INVITE refused: ${e.message}`);
    await invitation.reject({ statusCode: 488 }).catch(() => {});
    return;
  }
  try {
    if (remote.file) {
      await files.offered(invitation, remote);
    } else if (chat || calling) {
      await invitation.reject({ statusCode: 486 });
    } else {
      peer = invitation.remoteIdentity.uri.toString();
      chatting(invitation);
      await invitation.accept();
    }
  } catch (e) {
    fail(e);
  }
}

$('call').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('error').hidden = true;
  $('dial').disabled = true;
  const target = UserAgent.makeURI($('target').value.trim());
  if (!target) {
    fail(new Error(`not a SIP address: ${$('target').value}`));
    $('dial').disabled = false;
    return;
  }
  self = `sip:${$('user').value}@${client.self.host}`;
  peer = target.toString();
  ua = new UserAgent({
    uri: UserAgent.makeURI(self),
    transportOptions: { server: $('sipws').value.trim() },
    sessionDescriptionHandlerFactory: msrpSessionDescriptionHandlerFactory(client, ready),
    delegate: { onInvite: invited },
    logLevel: 'warn',
  });
  try {
    show('Calling…');
    await ua.start();
    const inviter = new Inviter(ua, target);
    calling = inviter;
    inviter.stateChange.addListener((state) => {
      if (state === SessionState.Established || state === SessionState.Terminated) {
        calling = null;
      }
    });
    chatting(inviter);
    await inviter.invite({
      requestDelegate: {
        onReject: (r) => fail(new Error(`the call was refused: ${r.message.statusCode} ${r.message.reasonPhrase}`)),
      },
    });
  } catch (e) {
    fail(e);
    $('dial').disabled = false;
  }
});

$('text').addEventListener('input', () => chat?.typed($('text').value));

$('compose').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('text').value;
  if (!text || !chat) {
    return;
  }
  $('text').value = '';
  try {
    await chat.send(text);
  } catch (e) {
    fail(e);
  }
});

$('sendfile').addEventListener('submit', async (event) => {
  event.preventDefault();
  const chosen = [...$('file').files];
  $('file').value = '';
  for (const f of chosen) {
    await files.send(ua, UserAgent.makeURI(peer), f);
  }
});
