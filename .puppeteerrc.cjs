// Puppeteer must never download a browser: we drive the system's Chromium
// (Debian's `chromium`), found by pipeline/print/browser.ts.
module.exports = { skipDownload: true };
