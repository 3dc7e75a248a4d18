// The page in a real browser (Debian's Chromium, headless, driven by playwright-core): it is
// loaded from the relay, and logs in with the relay over its WebSocket (AUTH, Digest in the
// browser's WebCrypto). Run by BrowserPageTest: argv pageUrl user password [screenshot.png].
import { chromium } from 'playwright-core';
import { launchOptions } from './chromium.mjs';

const [url, user, password, shot] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
try {
  const page = await browser.newPage();
  page.on('console', (m) => process.stderr.write(`console: ${m.text()}\n`));
  await page.goto(url);
  await page.fill('#user', user);
  await page.fill('#password', password);
  await page.click('#connect');
  await page.waitForFunction(() => ['authenticated', 'failed'].includes(document.body.dataset.state), null, { timeout: 30000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  const status = await page.textContent('#status');
  const error = await page.evaluate(() => (document.getElementById('error').hidden ? '' : document.getElementById('error').textContent));
  if (shot) {
    await page.screenshot({ path: shot });
  }
  process.stdout.write(`${JSON.stringify({ state, status, error })}\n`);
} finally {
  await browser.close();
}
