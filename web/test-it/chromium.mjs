// How the page tests launch Debian's Chromium (headless; CHROMIUM names another binary).
export function launchOptions() {
  return {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--ignore-certificate-errors'],
  };
}
