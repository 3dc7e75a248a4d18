// The page sends one file to a terminal in headless Chromium: it logs in, calls, and sends the
// file at o.sendFile, resolving once the terminal's success report came. Prints the outcome:
// status done, or failed with the item's text saying why ("not delivered: 400 ..." when the
// terminal's failure REPORT came instead of its success report).
//   argv: one JSON object { url, user, password, target, sipws, sendFile }
import { withPage, loginAndCall, sendFile, out } from './page-steps.mjs';

const o = JSON.parse(process.argv[2]);
await withPage(async (page) => {
  await loginAndCall(page, o);
  const sent = await sendFile(page, o.sendFile, 600000);
  out({ fileSent: sent.text, status: sent.status });
});
