// The page sends one chat line to a terminal in headless Chromium and prints the line's outcome:
// { status: delivered | displayed | failed, note }. For a terminal that refuses the line (e.g. a
// chat answered with accept-types the page's text/plain is not among: 415), the relay answers
// the chunk 200 and the terminal's failure REPORT must mark the line failed, its note saying
// "not delivered: 415 ...", so its user never believes it arrived.
//   argv: one JSON object { url, user, password, target, sipws, text }
import { withPage, loginAndCall, sendLine, out } from './page-steps.mjs';

const o = JSON.parse(process.argv[2]);
await withPage(async (page) => {
  await loginAndCall(page, o);
  out({ line: await sendLine(page, o.text) });
});
