import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { checkPdf } from '../../pipeline/check/check-pdf.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { readDestinations } from '../../pipeline/print/destinations.ts';
import { placedTexts } from '../helpers/layout.ts';
import { outlineOf, pageTexts } from '../helpers/pdf.ts';
import { copyOfSources } from '../helpers/project.ts';

describe('a PDF bilaga in a plan', () => {
  it('is numbered in the table of contents, linked, counted in "Sida X (Y)", stamped where our own page numbers sit, keeps its own structure tree under a Part, and the PDF still passes check', async () => {
    const scratch = copyOfSources();
    const plan = readFileSync(join(scratch.sources, 'verksamhetsplan', '2023.yaml'), 'utf8');
    const source = scratch.write(
      'verksamhetsplan/2023.yaml',
      `${plan}  - id: sup-2040-tryckt\n    titel: SUP 2040, tryckt utgåva\n    pdf: ../bilagor/sup-2040.pdf\n`,
    );
    const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [source] });
    expect(report.documents.map((d) => d.status)).toEqual(['built']);
    const file = join(scratch.out, 'verksamhetsplan-2023.pdf');
    const bytes = readFileSync(file);
    const appended = (await PDFDocument.load(readFileSync(join(scratch.sources, 'bilagor', 'sup-2040.pdf')))).getPageCount();
    const pages = await pageTexts(file);
    const first = pages.length - appended + 1;
    expect(pages[1]).toContain(`Bilaga 3 SUP 2040, tryckt utgåva ${first}`);
    expect(pages[1]).toContain(`Sida 2 (${pages.length})`);
    expect(pages[first - 1]).toContain(`Bilaga 3 · Sida ${first} (${pages.length})`);
    expect((await readDestinations(bytes)).destinations.get('bilaga-sup-2040-tryckt')).toBe(first);
    expect(
      (await outlineOf(file))
        .filter((o) => o.depth === 1)
        .map((o) => o.title)
        .at(-1),
    ).toBe('Bilaga 3 SUP 2040, tryckt utgåva');
    expect(await checkPdf(bytes)).toEqual([]);
    // The stamp sits where our own pages print "Sida X (Y)": the same baseline, the same size, and within half a point the same distance from the right edge (the margin box's right edge and a label's fall on different fractions of a pixel).
    const [own, stamp] = await pageNumbers(file, [first - 2, first - 1]);
    expect(stamp!.y).toBeCloseTo(own!.y, 1);
    expect(stamp!.fromRight).toBeCloseTo(own!.fromRight, 0);
    expect(stamp!.size).toBeCloseTo(own!.size, 1);
    // The printed edition's own structure is kept, under a Part: its text is read as headings and paragraphs.
    const placed = (await placedTexts(file))[first - 1]!;
    expect(placed.length).toBeGreaterThan(0);
    for (const run of placed) expect(run.roles.slice(0, 3)).toEqual(['Root', 'Document', 'Part']);
    expect(placed.find((t) => t.text === 'SUP 2040')?.roles).toContain('H1');
  });
});

/** Where the last run of each page's text that ends "(N)" (its page number, or the stamp's) sits: baseline, distance from the right edge, size. */
async function pageNumbers(file: string, indices: number[]): Promise<Array<{ y: number; fromRight: number; size: number }>> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, isEvalSupported: false }).promise;
  const found = [];
  for (const index of indices) {
    const page = await pdf.getPage(index + 1);
    const width = page.view[2]! - page.view[0]!;
    const items = (await page.getTextContent()).items.filter((i) => 'str' in i && /\(\d+\)$/.test(i.str)) as Array<{ transform: number[]; width: number }>;
    const last = items.at(-1)!;
    found.push({ y: last.transform[5]!, fromRight: width - (last.transform[4]! + last.width), size: last.transform[0]! });
  }
  await pdf.destroy();
  return found;
}
