import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkPdf } from '../../pipeline/check/check-pdf.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { readDestinations } from '../../pipeline/print/destinations.ts';
import { outlineOf, pageTexts } from '../helpers/pdf.ts';
import { copyOfSources } from '../helpers/project.ts';

describe('a PDF bilaga in a plan', () => {
  it('is numbered in the table of contents, linked, counted in "Sida X (Y)", and the PDF still passes check', async () => {
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
  });
});
