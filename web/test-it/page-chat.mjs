// The page chats with a terminal in a real browser (headless Chromium, playwright-core): it logs
// in with the relay it came from, calls the terminal's SIP address over its SIP WebSocket, and
// once the session is up: types (and waits to see the terminal typing), sends a line, waits for
// its ✓✓ (displayed) and the terminal's answer, sends a file and waits for its success report,
// then accepts the file the terminal pushes and saves it (exit 5 when the page found it is not the
// file offered). Exit 4 when the page shows an error or a line marked failed by a failure REPORT.
// One JSON line per step on stdout.
//   argv: one JSON object { url, user, password, target, sipws, text, back, sendFile, saveAs,
//         screenshot }
import { withPage, loginAndCall, sendFile, receiveFile, failed, failedLine, long, out } from './page-steps.mjs';

const o = JSON.parse(process.argv[2]);
await withPage(async (page) => {
  await loginAndCall(page, o);
  await page.fill('#text', o.text); // an input event: our is-composing status goes
  await page.waitForSelector('#typing:not([hidden])', long);
  out({ typing: await page.textContent('#typing') });
  await page.click('#send');
  await page.waitForFunction((t) => [...document.querySelectorAll('#conversation li.theirs')].some((li) => li.textContent === t), o.back, long);
  out({ received: o.back });
  await page.waitForSelector('#conversation li.mine[data-status="displayed"]', long);
  const mark = await page.evaluate(() => getComputedStyle(document.querySelector('#conversation li.mine[data-status="displayed"]'), '::after').content);
  out({ mark: JSON.parse(mark) });
  const sent = await sendFile(page, o.sendFile);
  out({ fileSent: sent.text, status: sent.status });
  const { text, link } = await receiveFile(page);
  if (!link) {
    out({ failed: text }); // e.g. its SHA-1 not the one offered: the terminal heard it failed
    process.exit(5);
  }
  const [download] = await Promise.all([page.waitForEvent('download', long), link.click()]);
  await download.saveAs(o.saveAs);
  out({ fileReceived: download.suggestedFilename() });
  if (o.screenshot) {
    await page.screenshot({ path: o.screenshot, fullPage: true });
  }
  if (await failed(page)) {
    out({ failed: await failed(page) });
    process.exit(4);
  }
  if (await failedLine(page)) {
    out({ failed: await failedLine(page) }); // a line a failure report said never arrived
    process.exit(4);
  }
});
