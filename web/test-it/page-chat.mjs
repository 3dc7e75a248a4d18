// The page chats with a terminal in a real browser (headless Chromium, playwright-core): it logs
// in with the relay it came from, calls the terminal's SIP address over its SIP WebSocket, and
// once the session is up: types (and waits to see the terminal typing), sends a line, waits for
// its ✓✓ (displayed) and the terminal's answer, sends a file and waits for its success report,
// then accepts the file the terminal pushes and saves it. One JSON line per step on stdout.
//   argv: one JSON object { url, user, password, target, sipws, text, back, sendFile, saveAs,
//         screenshot }
import { chromium } from 'playwright-core';
import { launchOptions } from './chromium.mjs';

const o = JSON.parse(process.argv[2]);
const browser = await chromium.launch(launchOptions());
const out = (x) => process.stdout.write(`${JSON.stringify(x)}\n`);
const long = { timeout: 120000 };
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => process.stderr.write(`console: ${m.text()}\n`));
  const failed = () => page.evaluate(() => (document.getElementById('error').hidden ? '' : document.getElementById('error').textContent));
  await page.goto(o.url);
  await page.fill('#user', o.user);
  await page.fill('#password', o.password);
  await page.click('#connect');
  await page.waitForFunction(() => document.body.dataset.state === 'authenticated' || !document.getElementById('error').hidden, null, long);
  await page.fill('#target', o.target);
  await page.fill('#sipws', o.sipws);
  await page.click('#dial');
  await page.waitForFunction(() => ['chatting', 'ended'].includes(document.body.dataset.state) || !document.getElementById('error').hidden, null, long);
  if (await failed()) {
    out({ failed: await failed() });
    process.exit(4);
  }
  out({ chatting: true });
  await page.fill('#text', o.text); // an input event: our is-composing status goes
  await page.waitForSelector('#typing:not([hidden])', long);
  out({ typing: await page.textContent('#typing') });
  await page.click('#send');
  await page.waitForFunction((t) => [...document.querySelectorAll('#conversation li.theirs')].some((li) => li.textContent === t), o.back, long);
  out({ received: o.back });
  await page.waitForSelector('#conversation li.mine[data-status="displayed"]', long);
  const mark = await page.evaluate(() => getComputedStyle(document.querySelector('#conversation li.mine[data-status="displayed"]'), '::after').content);
  out({ mark: JSON.parse(mark) });
  await page.setInputFiles('#file', o.sendFile);
  await page.click('#sendfile-button');
  await page.waitForSelector('#conversation li.file.mine[data-status]', long);
  const sent = await page.textContent('#conversation li.file.mine[data-status]');
  out({ fileSent: sent, status: await page.getAttribute('#conversation li.file.mine[data-status]', 'data-status') });
  await page.click('#conversation li.offer button.accept', long);
  await page.waitForSelector('#conversation li.file.theirs[data-status]', long);
  const link = await page.$('#conversation li.file.theirs a[download]');
  if (!link) {
    out({ failed: await page.textContent('#conversation li.file.theirs') });
    process.exit(5);
  }
  const [download] = await Promise.all([page.waitForEvent('download', long), link.click()]);
  await download.saveAs(o.saveAs);
  out({ fileReceived: download.suggestedFilename() });
  if (o.screenshot) {
    await page.screenshot({ path: o.screenshot, fullPage: true });
  }
  if (await failed()) {
    out({ failed: await failed() });
    process.exit(4);
  }
} finally {
  await browser.close();
}
