import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import type { PrintPage } from '../../pipeline/print/print-page.ts';
import { renderHtml } from '../../pipeline/render/render-html.ts';
import { inHeading, lastLine, placedTexts, tablesOf } from '../helpers/layout.ts';
import { FIND_OVERFLOW } from '../helpers/overflow.ts';
import { pageTexts, paintColours } from '../helpers/pdf.ts';
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

describe('a field to fill in that begins a page', () => {
  it('is printed whole on that page, nothing of its box at the foot of the page before (a bug: a sliver of it was)', { timeout: 30_000 }, async () => {
    const letter = documents.find((d) => d.job.kind === 'tjansteskrivelse' && renderHtml(d.job.kind, d.view).includes('class="ifylles"'))!;
    // After the letter, pages in pairs: one holding only a block as tall as a page's text (A4 less its margins, 22 and 20 mm)
    // less part of a line, so that the next line, with a field in it, begins the page after; the part varies where the page
    // ends between Chromium's pixels.
    const parts = [0.05, 0.3, 0.6, 0.95];
    const fields = parts.map(
      (part) =>
        `<div style="break-before: page; height: calc(255mm - ${part}lh)"></div><p>Beslutas av <span class="ifylles">[Fylls i: nämnd]</span> i dag.</p>`,
    );
    const file = join(scratchDir(), 'falt.pdf');
    writeFileSync(file, (await page.print(renderHtml(letter.job.kind, letter.view).replace('</body>', `${fields.join('')}</body>`))).pdf);
    const colours = (await paintColours(file)).slice(-2 * parts.length);
    const fieldColours = ['#fff3b0', '#c9a400'];
    const used = colours.map((page) => fieldColours.filter((c) => page.has(c)));
    expect(used).toEqual(parts.flatMap(() => [[], fieldColours]));
  });
});

describe('a sentence that leads into a list', () => {
  it('is not left at the foot of a page, its list on the next: "… beslutar att" goes with the decision points', { timeout: 30_000 }, async () => {
    const letter = documents.find((d) => d.job.kind === 'tjansteskrivelse')!;
    // After the letter, a page holding only a block that leaves room for one line and a half: the lead fits there, its points do not.
    const lead = '<p>Förvaltningen föreslår att kommunstyrelsen beslutar att</p>';
    const points = '<ol class="beslutspunkter"><li>planen noteras,</li><li>avgiften ryms inom budgeten, och</li><li>kansliet följer upp beslutet.</li></ol>';
    const html = renderHtml(letter.job.kind, letter.view).replace(
      '</body>',
      `<div style="break-before: page; height: calc(255mm - 1.5lh)"></div>${lead}${points}</body>`,
    );
    const file = join(scratchDir(), 'leder-in.pdf');
    writeFileSync(file, (await page.print(html)).pdf);
    const pages = await pageTexts(file);
    expect(pages.at(-2)).not.toContain('beslutar att');
    expect(pages.at(-1)).toContain('Förvaltningen föreslår att kommunstyrelsen beslutar att 1. planen noteras,');
  });

  it("is not left at a page's foot either when it is the note under the minutes' compilation of assignments", { timeout: 30_000 }, async () => {
    const minutes = documents.find((d) => d.job.kind === 'minnesanteckningar')!;
    const rows = Array.from({ length: 5 }, (_, i) => `<tr><td>${i + 1}</td><td>Kansliet</td><td>Uppdrag ${i + 1}</td></tr>`).join('');
    const compilation = `<section class="uppdrag sammanstallning"><h2>Sammanställning: uppdrag från mötet</h2><p class="not">Sammanställd automatiskt.</p><table><thead><tr><th scope="col">Punkt</th><th scope="col">Ansvarig</th><th scope="col">Uppdrag</th></tr></thead><tbody>${rows}</tbody></table></section>`;
    // Room for the heading and the note (about 36 mm with their margins), not for the table, which is kept whole.
    const html = renderHtml(minutes.job.kind, minutes.view).replace(
      '</body>',
      `<div style="break-before: page; height: calc(255mm - 45mm)"></div>${compilation}</body>`,
    );
    const file = join(scratchDir(), 'sammanstallning.pdf');
    writeFileSync(file, (await page.print(html)).pdf);
    const pages = await pageTexts(file);
    expect(pages.at(-2)).not.toContain('Sammanställning: uppdrag från mötet');
    expect(pages.at(-1)).toContain('Sammanställning: uppdrag från mötet Sammanställd automatiskt. Punkt Ansvarig Uppdrag');
  });
});
