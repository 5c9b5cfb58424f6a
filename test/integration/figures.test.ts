import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultEditionsDir } from '../../pipeline/archive/editions.ts';
import type { Aktiviteter, BilagaFil, Figur, Verksamhetsplan } from '../../pipeline/core/model.ts';
import { defaultSourcesDir } from '../../pipeline/core/paths.ts';
import { loadProject } from '../../pipeline/load/project.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { pageTexts, type StructNode, structureProblems, structureTrees } from '../helpers/pdf.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** The 2023 plan built from the real sources with Chromium, read back with pdf.js. */
const out = scratchDir('handlingar-figures-');
const planFile = join(defaultSourcesDir, 'verksamhetsplan', '2023.yaml');
const project = loadProject(defaultSourcesDir);
const plan = project.sources.get(planFile)!.source.data as Verksamhetsplan;
const sup2040 = project.sources.get(join(defaultSourcesDir, 'bilagor', 'sup-2040.yaml'))!.source.data as BilagaFil;
const pdf = join(out, 'verksamhetsplan-2023.pdf');
let pages: string[];
let trees: StructNode[];

/** The figures of a page's structure tree: each Figure with its Alt, and the roles of the elements beside it. */
function figuresOf(tree: StructNode): Array<{ alt?: string; siblings: string[] }> {
  const found: Array<{ alt?: string; siblings: string[] }> = [];
  const walk = (node: StructNode) => {
    for (const child of node.children ?? []) {
      if (child.role === 'Figure') found.push({ ...(child.alt !== undefined && { alt: child.alt }), siblings: (node.children ?? []).map((c) => c.role ?? '') });
      walk(child);
    }
  };
  walk(tree);
  return found;
}

const flat = (text: string) => text.replace(/\u00ad/g, '');

beforeAll(async () => {
  // The committed archive is read, not written: the plan must be the final edition it says it is.
  const report = await build({ sourcesDir: defaultSourcesDir, outDir: out, paths: [planFile], editionsDir: defaultEditionsDir, archive: false });
  expect(report.documents.map((d) => [d.status, d.edition])).toEqual([['built', 'verksamhetsplan-2023@v3']]);
  pages = (await pageTexts(pdf)).map(flat);
  trees = await structureTrees(pdf);
}, 120_000);

describe('figures', () => {
  it('the 2023 plan draws its goal structure, from its own goals, where the text says "enligt nedanstående bild"', () => {
    const blocks = plan.sektioner.flatMap((s) => s.innehall);
    const figure = blocks.find((b) => typeof b.figur === 'object')!.figur as Figur;
    const tables = blocks.flatMap((b) => (b.aktiviteter ? [b.aktiviteter] : [])) as Aktiviteter[];
    const at = pages.findIndex((p) => p.includes('enligt nedanstående bild'));
    expect(at).toBeGreaterThan(0);
    const page = pages[at]!;
    // The vision, and each goal of the tables the structure names, with the table's heading, set as SVG text in the page.
    expect(page).toContain(figure.malstruktur!.vision);
    for (const id of ['overgripande-mal', 'omstallning', 'tillganglighet']) {
      const table = tables.find((t) => t.id === id)!;
      expect(page).toContain(table.mal);
      expect(page).toContain(table.rubrik!.toUpperCase());
    }
    // Numbered, never typed, and on the figure's page, after it.
    expect(page).toMatch(/storstadsregion Figur 1\. Målstruktur för fokusområde infrastruktur 2\. Utvecklingsaktiviteter/);
    expect(page.indexOf('enligt nedanstående bild')).toBeLessThan(page.indexOf('VISION'));
  });

  it('is tagged as a Figure with the source’s Alt text, its caption a Caption beside it, as pdf.js reads the structure', () => {
    const figure = plan.sektioner.flatMap((s) => s.innehall).find((b) => typeof b.figur === 'object')!.figur as Figur;
    const at = pages.findIndex((p) => p.includes('enligt nedanstående bild'));
    expect(figuresOf(trees[at]!)).toEqual([{ alt: figure.alt, siblings: ['Figure', 'Caption'] }]);
    expect(structureProblems(trees).problems).toEqual([]);
  });

  it('SUP 2040, the plan’s bilaga, draws its goal structure as its own Figur 1, and prints no caption without its figure', () => {
    const figure = sup2040.innehall.find((b) => typeof b.figur === 'object')!.figur as Figur;
    const at = pages.findIndex((p) => p.includes('Målstruktur för SUP 2040'));
    const page = pages[at]!;
    expect(page).toContain('Figur 1. Målstruktur för SUP 2040');
    expect(page).toContain(figure.malstruktur!.vision);
    for (const goal of figure.malstruktur!.mal.flatMap((m) => [m, ...(m.delmal ?? [])])) expect(page).toContain(goal.text!);
    expect(figuresOf(trees[at]!).map((f) => f.alt)).toContain(figure.alt);
    // Its other figures are not in the seeds: nor are their captions.
    const all = pages.join(' ');
    for (const caption of ['styrningshierarkin', 'Södertörnssamverkans organisation.', 'Koppling mellan mål och organisation'])
      expect(all).not.toContain(caption);
    expect(all.match(/Figur \d\./g)).toEqual(['Figur 1.', 'Figur 1.']);
  });

  it('are refused when a caption stands without its figure, or a figure has no alternative text', { timeout: 120_000 }, async () => {
    const source = readFileSync(planFile, 'utf8');
    const figure = /^ {6}- figur:\n(?: {10}.*\n)+/m.exec(source)![0];
    const cases: Array<[string, string, string]> = [
      ['a caption alone', '      - figur: Figur 1. Målstruktur för fokusområde infrastruktur\n', 'figur/caption-only'],
      ['no alt', figure.replace(/^ {10}alt: .*\n/m, ''), 'schema/required'],
    ];
    for (const [what, replacement, rule] of cases) {
      const scratch = copyOfSources();
      const file = scratch.write('verksamhetsplan/2023.yaml', source.replace(figure, replacement));
      const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [file], editionsDir: scratchDir('handlingar-editions-') });
      expect(report.documents[0]!.status, what).toBe('failed');
      const message = report.documents[0]!.messages.find((m) => m.severity === 'error')!;
      // The caption where it stands; the figure without alt where its fields begin, on the line after "- figur:".
      const line = source.split('\n').indexOf('      - figur:') + 1;
      expect([message.ruleId, message.file?.endsWith('/sources/verksamhetsplan/2023.yaml'), message.line], what).toEqual([
        rule,
        true,
        rule === 'schema/required' ? line + 1 : line,
      ]);
      expect(message.text.sv.reason, what).toMatch(rule === 'schema/required' ? /Fältet "alt" saknas/ : /står utan sin figur/);
    }
  });
});
