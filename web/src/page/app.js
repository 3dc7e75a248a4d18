import { MsrpClient } from '../msrp/client.js';
import { formatPath } from '../msrp/uri.js';

/**
 * The chat page. It is served by the relay, so the relay is where the page came from: its
 * WebSocket endpoint is /msrp on the same host and port, wss when the page came over https.
 */
const $ = (id) => document.getElementById(id);
const secure = location.protocol === 'https:';
const relayUrl = `${secure ? 'wss' : 'ws'}://${location.host}/msrp`;
const relayUri = `${secure ? 'msrps' : 'msrp'}://${location.hostname}:${location.port || (secure ? 443 : 80)};ws`;

function show(text) {
  $('status').textContent = text;
}

function fail(e) {
  $('error').hidden = false;
  $('error').textContent = e.message ?? String(e);
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('error').hidden = true;
  $('connect').disabled = true;
  show('Connecting…');
  const client = new MsrpClient({
    url: relayUrl,
    relay: relayUri,
    username: $('user').value,
    password: $('password').value,
  });
  client.onclose = () => show('Disconnected.');
  try {
    await client.connect();
    const probe = client.session([]);
    const path = formatPath(client.path(probe));
    probe.close();
    document.body.dataset.state = 'authenticated';
    show(`Authenticated with the relay; sessions go by ${path}`);
  } catch (e) {
    document.body.dataset.state = 'failed';
    show('Not connected.');
    fail(e);
    $('connect').disabled = false;
  }
});
