// The page chats with a terminal in a real browser (headless Chromium, playwright-core): it logs
// in with the relay it came from, calls the terminal's SIP address over its SIP WebSocket, and
// once the session is up sends a line and waits for the terminal's.
//   argv: pageUrl user password sipTarget sipWsUrl text expectBack [screenshot.png]
import { chromium } from 'playwright-core';

const [url, user, password, target, sipws, text, back, shot] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
try {
  const page = await browser.newPage();
  page.on('console', (m) => process.stderr.write(`console: ${m.text()}\n`));
  await page.goto(url);
  await page.fill('#user', user);
  await page.fill('#password', password);
  await page.click('#connect');
  await page.waitForFunction(() => document.body.dataset.state === 'authenticated', null, { timeout: 30000 });
  await page.fill('#target', target);
  await page.fill('#sipws', sipws);
  await page.click('#dial');
  await page.waitForFunction(() => ['chatting', 'ended'].includes(document.body.dataset.state) || !document.getElementById('error').hidden, null, { timeout: 60000 });
  const error = await page.evaluate(() => (document.getElementById('error').hidden ? '' : document.getElementById('error').textContent));
  if (error) {
    out({ failed: error });
    process.exit(4);
  }
  out({ chatting: true });
  await page.fill('#text', text);
  await page.click('#send');
  await page.waitForFunction((t) => [...document.querySelectorAll('#conversation li.theirs')].some((li) => li.textContent === t), back, { timeout: 60000 });
  out({ received: back });
  if (shot) {
    await page.screenshot({ path: shot });
  }
} finally {
  await browser.close();
}
