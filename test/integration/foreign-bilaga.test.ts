import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPdf } from '../../pipeline/check/check-pdf.ts';
import { readBilaga } from '../../pipeline/finish/append-bilagor.ts';
import { finishPdf } from '../../pipeline/finish/finish-pdf.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import type { PrintPage } from '../../pipeline/print/print-page.ts';
import { printStamps } from '../../pipeline/print/stamps.ts';
import { placedTexts } from '../helpers/layout.ts';
import { headerCellTexts, structureProblems, structureTrees } from '../helpers/pdf.ts';
import { scratchDir } from '../helpers/scratch.ts';

const meta = { title: 'Brev', subject: 'Brev', author: 'Prov', keywords: [], date: '2023-01-01', draft: false, header: 'Brev' };
let session: BrowserSession;
let page: PrintPage;

beforeAll(async () => {
  session = await BrowserSession.open();
  page = await session.newPage();
});
afterAll(async () => {
  await session.close();
});

/** A page of our own (printed and finished as a document is) with `bilaga` appended as Bilaga 1, written to a file. */
async function letterWith(bilaga: Uint8Array): Promise<{ file: string; bytes: Uint8Array }> {
  const html = '<!DOCTYPE html><html lang="sv-SE"><head><meta charset="utf-8"><title>Brev</title></head><body><h1>Brev</h1><p>Se bilagan.</p></body></html>';
  const ours = (await page.print(html)).pdf;
  const appended = await readBilaga(bilaga);
  const labels = appended.doc.getPages().map((_, i) => `Bilaga 1 · Sida ${i + 2} (${appended.doc.getPageCount() + 1})`);
  const bytes = await finishPdf(ours, meta, [], [{ label: 'Bilaga 1', title: 'Annex', anchor: 'bilaga-annex', ...appended }], await printStamps(page, labels));
  const file = join(scratchDir(), 'brev.pdf');
  writeFileSync(file, bytes);
  return { file, bytes };
}

const xmp = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('a PDF bilaga from elsewhere', () => {
  it('with a structure tree keeps it, under a Part of the document: its text is read by pdf.js as headings, list, table and paragraph', async () => {
    const foreign = (
      await page.print(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Annex</title></head><body>' +
          '<h1>Annex</h1><p>Plain text of the annex.</p><ul><li>One</li><li>Two</li></ul>' +
          '<table><thead><tr><th>Year</th><th>Sum</th></tr></thead><tbody><tr><td>2023</td><td>12</td></tr></tbody></table></body></html>',
      )
    ).pdf;
    const { file, bytes } = await letterWith(foreign);
    const trees = await structureTrees(file);
    expect(structureProblems(trees).problems).toEqual([]);
    const roles = (node: { role?: string; children?: unknown[] }): string[] => [
      ...(node.role ? [node.role] : []),
      ...((node.children ?? []) as Array<{ role?: string; children?: unknown[] }>).flatMap(roles),
    ];
    expect(roles(trees[1]!)).toEqual(expect.arrayContaining(['Part', 'H1', 'P', 'L', 'LI', 'Table', 'TH', 'TD']));
    expect(roles(trees[1]!)).not.toContain('Figure');
    // The bilaga's marked content is found through the document's parent tree: each run of text on its page has its element.
    const placed = (await placedTexts(file))[1]!;
    expect(placed.find((t) => t.text.includes('Plain text'))?.roles).toEqual(expect.arrayContaining(['Part', 'P']));
    expect(placed.find((t) => t.text === 'Annex')?.roles).toContain('H1');
    expect((await headerCellTexts(file))[1]).toEqual(['Year', 'Sum']);
    // Our own page is as it was.
    expect((await placedTexts(file))[0]!.find((t) => t.text === 'Brev')?.roles).toContain('H1');
    expect(await checkPdf(bytes)).toEqual([]);
    expect(xmp(bytes)).toContain('<pdfuaid:part>1</pdfuaid:part>');
  });

  it('without one is a Figure per page that says it cannot be read aloud; the document does not claim PDF/UA, and check says why', async () => {
    const untagged = await PDFDocument.create();
    untagged.addPage().drawText('Bilaga utan taggar', { x: 50, y: 700, font: await untagged.embedFont(StandardFonts.Helvetica) });
    const { file, bytes } = await letterWith(await untagged.save());
    const trees = await structureTrees(file);
    const part = trees[1]!.children?.[0]?.children?.find((c) => c.role === 'Part');
    expect(part?.children?.map((c) => c.role)).toEqual(['Figure']);
    expect(part?.children?.[0]?.alt).toBe('Bilaga 1: Annex, sida 1 av 1. Bilagan är inte taggad: sidans text kan inte läsas upp här, bara ses.');
    expect(xmp(bytes)).not.toContain('<pdfuaid:part>');
    expect(xmp(bytes)).toContain('<pdfaid:part>2</pdfaid:part>');
    const failures = await checkPdf(bytes);
    expect(failures.map((f) => [f.ruleId, f.severity])).toEqual([
      ['pdf/pdfua-id', 'error'],
      // pdf-lib's Helvetica is referred to, not embedded: true of this bilaga, and said.
      ['pdf/fonts-embedded', 'error'],
      ['pdf/text-as-figure', 'warning'],
    ]);
    expect(failures[2]!.text.sv.reason).toContain('Sida 2 har text som bara är märkt som en bild');
  });
});
