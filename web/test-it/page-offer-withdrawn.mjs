// A file offer the sender withdraws (CANCEL of its INVITE) before the page's user answers it, in
// headless Chromium: the page logs in and calls the terminal, which then offers a file and CANCELs
// it while the page asks. The page must say the offer was withdrawn and drop its Accept and
// Decline buttons, so that no click can accept an invitation already over. Exit 5 otherwise.
//   argv: one JSON object { url, user, password, target, sipws }
import { withPage, loginAndCall, offerWithdrawn, failed, out } from './page-steps.mjs';

const o = JSON.parse(process.argv[2]);
await withPage(async (page) => {
  await loginAndCall(page, o);
  await page.waitForSelector('#conversation li.offer button.accept', { timeout: 120000 });
  out({ offered: true });
  const w = await offerWithdrawn(page);
  out({ withdrawn: w.text, buttons: w.buttons });
  if (w.buttons > 0 || (await failed(page))) {
    out({ failed: await failed(page) });
    process.exit(5);
  }
});
