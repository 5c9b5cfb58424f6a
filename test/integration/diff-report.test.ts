import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultEditionsDir, listEditions } from '../../pipeline/archive/editions.ts';
import { checkPdf } from '../../pipeline/check/check-pdf.ts';
import { main } from '../../pipeline/cli.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import { fontSubsets, normalize, outlineOf, pageTexts } from '../helpers/pdf.ts';
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

  it('of two years begins with a summary a board member reads in one minute, and shows a removed section as it was laid out', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const out = join(scratchDir(), 'jamforelse.pdf');
    expect(await main(['diff', 'verksamhetsplan-2020@v1', 'verksamhetsplan-2023@v2', '--format', 'pdf', '--out', out])).toBe(0);
    const pages = await pageTexts(out);
    const first = pages[0]!;
    for (const line of [
      'I korthet',
      normalize('Summa intäkter och kostnader: 2 012 800 kr → 2 073 076 kr (+60 276 kr, +3 %)'),
      normalize('Budgetrad borttagen: Ersättning till Huddinge kommun för ekonomi- och kansliservice, arbetsrum m m, 70 000 kr'),
      // One reconciliation: what makes up the change of each sum.
      normalize('Det förklaras av intäkterna: Avgifter från kommunerna +60 276 kr'),
      normalize(
        'Det förklaras av kostnaderna: Ersättning till Huddinge kommun för ekonomi- och kansliservice, arbetsrum m m −70 000 kr; Personal (strateg samt strategiskt kommunikationsstöd ca 4-6 månader) −165 050 kr; Möten/Webb/Utredningar/Konsultstöd m m +295 326 kr',
      ),
      'Ordförande i samarbetskommittén, ordförande: Daniel Dronjak, Huddinge kommun → Ebba Östlin, Botkyrka kommun',
      'Samarbetskommittén: 6 möten på nytt datum (4–31 dagar tidigare), 1 möte utgår',
      'Södertörnskonferensen: 1 möte på nytt datum (136 dagar tidigare)',
      'Omarbetat avsnitt: Organisation (tidigare Arbetsformer)',
      'Bilaga 3 → Bilaga 2',
    ]) {
      expect(first).toContain(line);
    }
    // A removed section keeps its headings and list items, struck through, and words a space apart.
    const regional = [...pages].reverse().find((p) => p.includes('Borttagen: Avsnitt – Regionala utvecklingsfrågor'))!;
    expect(regional).toContain('Inom Södertörns utvecklingsprogram 2035 finns tre fokusområden. Infrastruktur Utbildning Näringsliv');
    expect(await checkPdf(readFileSync(out))).toEqual([]);
    // Every glyph, the arrows included, from the fonts the project ships, none from the machine's.
    const families = new Set((await fontSubsets(out)).map((f) => f.name.replace(/^[A-Z]{6}\+/, '').split('-')[0]));
    expect([...families].sort()).toEqual(['NotoSansSymbols', 'SourceSans3']);
  });

  it('as HTML stands alone (fonts inside, nothing requested) and filters by kind of change and by section, in a real browser', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const out = join(scratchDir(), 'jamforelse.html');
    expect(await main(['diff', 'verksamhetsplan-2020@v1', 'verksamhetsplan-2023@v2', '--format', 'html', '--out', out])).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('url(data:font/woff2;base64,');
    const session = await BrowserSession.open();
    try {
      const page = await (await session.newPage()).page.browser().newPage();
      const requested: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('data:')) requested.push(request.url());
      });
      await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      expect(requested).toEqual([pathToFileURL(out).href]);
      expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('Source Sans 3') && f.status === 'loaded'))).toBe(true);
      const shown = (selector: string) => page.$$eval(selector, (all) => all.filter((e) => getComputedStyle(e).display !== 'none').length);
      const removed = await shown('section.andring.borttagen');
      const changed = await shown('section.andring.andrad');
      expect(removed).toBeGreaterThan(0);
      await page.click('#slag-borttagen');
      expect([await shown('section.andring.borttagen'), await shown('section.andring.andrad')]).toEqual([0, changed]);
      await page.click('#slag-borttagen');
      await page.click('#sektion-0');
      expect(await shown('section.andring[data-sektion="0"]')).toBe(0);
      expect(await shown('section.andring.borttagen')).toBe(removed - 1);
      await page.close();
    } finally {
      await session.close();
    }
  });
});

describe('the comparison written to a file', () => {
  it('takes its format from the name --out gives when --format is not given (a bug: without --format nothing was written)', async () => {
    const said: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => said.push(String(chunk)) > 0);
    const dir = scratchDir();
    const compared = ['diff', 'verksamhetsplan-2023@v2', 'verksamhetsplan-2020@v1'];
    for (const name of ['r.html', 'r.json', 'r.txt']) expect(await main([...compared, '--out', join(dir, name)])).toBe(0);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).old.name).toBe('verksamhetsplan-2023@v2');
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toMatch(/^Jämförelse: verksamhetsplan-2023@v2 .* → verksamhetsplan-2020@v1 /);
    // Each said where it went, and the JSON and the text went only there.
    expect(said.filter((line) => line.startsWith('Rapporten: '))).toEqual(['r.html', 'r.json', 'r.txt'].map((name) => `Rapporten: ${join(dir, name)}\n`));
    expect(said.join('')).not.toContain('"old"');
  });
});
