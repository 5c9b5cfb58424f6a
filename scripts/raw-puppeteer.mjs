// Raw Puppeteer as a command, for `npm run bench`: what printing the same final HTML costs with nothing but Puppeteer
// and Chromium, started cold in a new process as `handlingar build` is. Not part of the pipeline.
// Usage: node scripts/raw-puppeteer.mjs <chromium> <shell|new> <pages at once> <file.html>... (each printed to file.html.pdf);
// shell: the executable is a headless shell (bench.ts asks the pipeline's isHeadlessShell).
import { readFileSync, writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const [executablePath, headless, jobs, ...files] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath,
  headless: headless === 'shell' ? 'shell' : true,
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});
const queue = [...files];
const pages = await Promise.all(Array.from({ length: Math.min(Number(jobs), files.length) }, () => browser.newPage()));
await Promise.all(
  pages.map(async (page) => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      await page.setContent(readFileSync(file, 'utf8'), { waitUntil: 'load' });
      writeFileSync(`${file}.pdf`, await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, format: 'A4' }));
    }
  }),
);
await browser.close();
