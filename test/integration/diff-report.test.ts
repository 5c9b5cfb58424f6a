import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultEditionsDir, listEditions } from '../../pipeline/archive/editions.ts';
import { checkPdf } from '../../pipeline/check/check-pdf.ts';
import { main } from '../../pipeline/cli.ts';
import { normalize, outlineOf, pageTexts } from '../helpers/pdf.ts';
import { scratchDir } from '../helpers/scratch.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the comparison report', () => {
  it('as PDF says which editions it compares, lists every change with a link, shows redlines and the two-column view, and passes check', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const draft = listEditions(defaultEditionsDir).find((e) => e.id.startsWith('verksamhetsplan-2023@v1-utkast-'))!.id;
    const out = join(scratchDir(), 'jamforelse.pdf');
    expect(await main(['diff', draft, 'verksamhetsplan-2023@v2', '--format', 'pdf', '--out', out])).toBe(0);
    const text = (await pageTexts(out)).join(' ');
    expect(text).toContain(`Jämför från ${draft} utkast 1 10 februari 2023`);
    expect(text).toContain('Till verksamhetsplan-2023@v2 beslutad 2 16 mars 2023');
    expect(text).toContain('1 tillagd, 5 ändrade, 1 flyttad');
    expect(text).toContain('Nuvarande lydelse (kommentar) Föreslagen lydelse');
    expect(text).toContain(normalize('Belopp: 1 350 000 kr → 1 404 950 kr (+54 950 kr, +4,1 %)'));
    expect(text).toContain('Datum: tor 24 aug → tor 17 aug, 1 vecka tidigare');
    expect(text).toContain('Flyttad från "Förvaltningsaktiviteter: kansliet" till "Utvecklings-, utrednings- och påverkansaktiviteter: kansliet".');
    const changes = (await outlineOf(out)).filter((o) => o.depth === 2).map((o) => o.title);
    expect(changes).toHaveLength(7);
    expect(await checkPdf(readFileSync(out))).toEqual([]);
  });
});
