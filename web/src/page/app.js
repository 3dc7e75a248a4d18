import { UserAgent, Inviter, SessionState } from 'sip.js';
import { MsrpClient } from '../msrp/client.js';
import { formatPath } from '../msrp/uri.js';
import { parseCpim } from '../msrp/cpim.js';
import { msrpSessionDescriptionHandlerFactory } from './msrp-sdh.js';

/**
 * The chat page. It is served by the relay, so the relay is where the page came from: its
 * WebSocket endpoint is /msrp on the same host and port, wss when the page came over https. A
 * call goes by SIP over WebSocket (SIP.js) to the address given; its MSRP session goes through
 * the relay (MsrpSessionDescriptionHandler).
 */
const $ = (id) => document.getElementById(id);
const secure = location.protocol === 'https:';
const relayUrl = `${secure ? 'wss' : 'ws'}://${location.host}/msrp`;
const relayUri = `${secure ? 'msrps' : 'msrp'}://${location.hostname}:${location.port || (secure ? 443 : 80)};ws`;
let client = null;
let chat = null;

function show(text) {
  $('status').textContent = text;
}

function fail(e) {
  $('error').hidden = false;
  $('error').textContent = e.message ?? String(e);
}

function line(text, mine) {
  const li = document.createElement('li');
  li.textContent = text; // peer text is text, never markup
  li.className = mine ? 'mine' : 'theirs';
  $('conversation').append(li);
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('error').hidden = true;
  $('connect').disabled = true;
  show('Connecting…');
  client = new MsrpClient({ url: relayUrl, relay: relayUri, username: $('user').value, password: $('password').value });
  client.onclose = () => show('Disconnected from the relay.');
  client.onmessage = (m) => {
    if (m.session !== chat) {
      return;
    }
    let type = m.contentType;
    let body = m.body;
    if (/^message\/cpim/i.test(type)) {
      try {
        ({ contentType: type, body } = parseCpim(body));
      } catch (e) {
        fail(e);
        return;
      }
    }
    if (/^text\/plain/i.test(type)) {
      line(new TextDecoder().decode(body), false);
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
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${$('user').value}@${client.self.host}`),
    transportOptions: { server: $('sipws').value.trim() },
    sessionDescriptionHandlerFactory: msrpSessionDescriptionHandlerFactory(client, (msrp) => {
      chat = msrp;
    }),
    logLevel: 'warn',
  });
  try {
    show('Calling…');
    await ua.start();
    const inviter = new Inviter(ua, target);
    inviter.stateChange.addListener(async (state) => {
      if (state === SessionState.Established) {
        try {
          await chat.bind();
          document.body.dataset.state = 'chatting';
          show(`In a chat with ${target}`);
          $('call').hidden = true;
          $('compose').hidden = false;
        } catch (e) {
          fail(e);
        }
      } else if (state === SessionState.Terminated) {
        document.body.dataset.state = 'ended';
        show('The chat ended.');
        $('compose').hidden = true;
      }
    });
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

$('compose').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('text').value;
  if (!text || !chat) {
    return;
  }
  $('text').value = '';
  line(text, true);
  try {
    await chat.send('text/plain', text);
  } catch (e) {
    fail(e);
  }
});
