import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import type { PrintPage } from '../../pipeline/print/print-page.ts';
import { renderHtml } from '../../pipeline/render/render-html.ts';
import { inHeading, lastLine, placedTexts, tablesOf } from '../helpers/layout.ts';
import { FIND_OVERFLOW } from '../helpers/overflow.ts';
import { preparedDocuments } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** The real documents as a build renders them, laid out by Chromium for print (not printed). */
const documents = await preparedDocuments();
let session: BrowserSession;
let page: PrintPage;
beforeAll(async () => {
  session = await BrowserSession.open();
  page = await session.newPage();
});
afterAll(() => session.close());

describe('the layout of every real document', () => {
  it('has all nineteen documents', () => {
    expect(documents).toHaveLength(19);
  });

  it.each(documents.map((d) => [d.fileName, d] as const))('%s: no text overflows its box', { timeout: 30_000 }, async (_, document) => {
    const html = renderHtml(document.job.kind, document.view);
    expect(await page.inspect<string[]>(html, FIND_OVERFLOW)).toEqual([]);
  });

  it('finds a word wider than its cell, and text running out of its block', { timeout: 30_000 }, async () => {
    const html = `<!doctype html><html lang="sv"><head><style>td { width: 20mm; } p { width: 30mm; white-space: nowrap; }</style></head><body>
      <table style="table-layout: fixed; width: 40mm"><tr><td>Kommunikationsnätverket</td><td>Ev.</td></tr></table><p>Ett stycke som inte får plats</p></body></html>`;
    const found = await page.inspect<string[]>(html, FIND_OVERFLOW);
    expect(found.some((line) => line.startsWith('td is') && line.includes('Kommunikationsnätverket'))).toBe(true);
    expect(found.some((line) => line.startsWith('text leaves p'))).toBe(true);
  });
});

describe('reading page breaks back from a PDF', () => {
  it('sees a heading as the last line of a page, and a table of three rows over two pages (a data table: Chromium tags one without header cells as layout, not as a Table)', {
    timeout: 30_000,
  }, async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `<tr><td>Rad ${i + 1}</td></tr>`).join('');
    const html = `<!doctype html><html lang="sv"><head><title>Prov</title></head><body>
      <p>Inledning</p><h2>Rubrik sist på sidan</h2><p style="break-before: page">Brödtext</p>
      <table><thead><tr><th scope="col">Kolumn</th></tr></thead><tbody>${rows(1)}<tr style="break-after: page"><td>Rad 2</td></tr>${rows(1)}</tbody></table></body></html>`;
    const file = join(scratchDir(), 'prov.pdf');
    writeFileSync(file, (await page.print(html)).pdf);
    const pages = await placedTexts(file);
    expect(lastLine(pages[0]!).map((t) => t.text)).toEqual(['Rubrik sist på sidan']);
    expect(lastLine(pages[0]!).some(inHeading)).toBe(true);
    expect(lastLine(pages[1]!).some(inHeading)).toBe(false);
    expect(await tablesOf(file)).toEqual([{ rows: 3, pages: [2, 3] }]);
  });
});
