// Steps the page tests share: open the page in headless Chromium, log in with the relay it came
// from, call a SIP address over its SIP WebSocket. Each resolves once the page shows the outcome.
import { chromium } from 'playwright-core';
import { launchOptions } from './chromium.mjs';

export const long = { timeout: 120000 };
export const out = (x) => process.stdout.write(`${JSON.stringify(x)}\n`);

/** The page's error text, or '' when it shows none. */
export function failed(page) {
  return page.evaluate(() => (document.getElementById('error').hidden ? '' : document.getElementById('error').textContent));
}

/** Runs `body(page)` in a fresh page of a new browser, closed after whatever happens. */
export async function withPage(body) {
  const browser = await chromium.launch(launchOptions());
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true });
    const page = await context.newPage();
    page.on('console', (m) => process.stderr.write(`console: ${m.text()}\n`));
    await body(page);
  } finally {
    await browser.close();
  }
}

/** Opens `o.url`, logs in as `o.user`, calls `o.target` over `o.sipws`; exits 4 on a failure. */
export async function loginAndCall(page, o) {
  await page.goto(o.url);
  await page.fill('#user', o.user);
  await page.fill('#password', o.password);
  await page.click('#connect');
  await page.waitForFunction(() => document.body.dataset.state === 'authenticated' || !document.getElementById('error').hidden, null, long);
  await page.fill('#target', o.target);
  await page.fill('#sipws', o.sipws);
  await page.click('#dial');
  await page.waitForFunction(() => ['chatting', 'ended'].includes(document.body.dataset.state) || !document.getElementById('error').hidden, null, long);
  if (await failed(page)) {
    out({ failed: await failed(page) });
    process.exit(4);
  }
  out({ chatting: true });
}

/**
 * Sends the file at `path` from the page; resolves with its item's status and text (waiting up
 * to `timeout` ms: a large file takes its time on a loaded machine).
 */
export async function sendFile(page, path, timeout = long.timeout) {
  const before = await page.locator('#conversation li.file.mine').count();
  await page.setInputFiles('#file', path);
  await page.click('#sendfile-button');
  const item = page.locator('#conversation li.file.mine').nth(before);
  await item.and(page.locator('[data-status]')).waitFor({ timeout });
  return { status: await item.getAttribute('data-status'), text: await item.textContent() };
}

/** The first sent line the page marked failed (✗, with a failure report's status), or ''. */
export function failedLine(page) {
  return page.evaluate(() => {
    const li = document.querySelector('#conversation li.mine:not(.file)[data-status="failed"]');
    return li ? li.textContent : '';
  });
}

/**
 * Accepts the newest file offer and waits for its item's outcome: done (its SHA-1 and size as
 * offered: a Save link) or failed (the text says why; its sender got a failure REPORT).
 */
export async function receiveFile(page, timeout = long.timeout) {
  const before = await page.locator('#conversation li.file.theirs').count();
  await page.locator('#conversation li.offer button.accept').last().click({ timeout });
  const item = page.locator('#conversation li.file.theirs').nth(before);
  await item.and(page.locator('[data-status]')).waitFor({ timeout });
  const link = item.locator('a[download]');
  return { status: await item.getAttribute('data-status'), text: await item.textContent(), link: (await link.count()) ? link : null };
}
