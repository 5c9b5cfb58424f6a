import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEdition } from '../../pipeline/archive/editions.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { rebuildEdition } from '../../pipeline/orchestrate/rebuild.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { joinedAtHyphens, linkTargets, pageTexts } from '../helpers/pdf.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

// The vp-2023 ärende attaches the 2023 plan by its id (`dokument: vp-2023`): every letter of it ends with the plan's pages.
const letter = 'tjansteskrivelse/vp-2023/tyreso.yaml';
const plan2023 = 'verksamhetsplan/2023.yaml';
const plan2020 = 'verksamhetsplan/2020.yaml';

const statusOf = (report: Awaited<ReturnType<typeof build>>) => Object.fromEntries(report.documents.map((d) => [d.source.split('sources/')[1], d.status]));

describe('a bilaga that is another document of the project', () => {
  it('is built first, even when only the letter is asked for, and its pages follow the letter’s own', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [join(scratch.sources, letter)] });
    expect(statusOf(report)).toEqual({ [letter]: 'built', [plan2023]: 'built' });

    const planPages = await pageTexts(join(scratch.out, 'verksamhetsplan-2023.pdf'));
    const letterPages = await pageTexts(join(scratch.out, 'tjansteskrivelse-vp-2023-tyreso.pdf'));
    const own = letterPages.length - planPages.length;
    expect(own).toBeGreaterThan(0);
    // The letter lists it by the plan's own title, and each page after the letter's own is the plan's page, stamped.
    expect(letterPages[own - 1]).toContain('Bilagor Verksamhetsplan och budget 2023');
    planPages.forEach((text, i) => {
      // A word the plan breaks at a line end reads whole from the plan, but with its hyphen from the copy (see joinedAtHyphens).
      expect(joinedAtHyphens(letterPages[own + i]!)).toContain(joinedAtHyphens(text));
      expect(letterPages[own + i]).toContain(`Bilaga 1 · Sida ${own + i + 1} (${letterPages.length})`);
    });
    // The plan's table of contents still leads to its sections, now on the letter's later pages.
    const planLinks = await linkTargets(join(scratch.out, 'verksamhetsplan-2023.pdf'));
    expect(planLinks.length).toBeGreaterThan(5);
    const appendedLinks = (await linkTargets(join(scratch.out, 'tjansteskrivelse-vp-2023-tyreso.pdf'))).filter((l) => l.page > own);
    expect(appendedLinks).toEqual(planLinks.map((l) => ({ page: l.page + own, target: l.target! + own })));
  });

  it('makes the letters that attach it be built again when it changes, and only those', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const options = { sourcesDir: scratch.sources, outDir: scratch.out };
    await build(options);
    const text = readFileSync(join(scratch.sources, plan2023), 'utf8');
    expect(text).toContain('rubrik: Om VP2023');
    scratch.write(plan2023, text.replace('rubrik: Om VP2023', 'rubrik: Om verksamhetsplanen'));
    const statuses = statusOf(await build(options));
    const built = Object.keys(statuses).filter((s) => statuses[s] === 'built');
    expect(built.sort()).toEqual([
      ...['botkyrka', 'haninge', 'huddinge', 'nykvarn', 'nynashamn', 'salem', 'sodertalje', 'tyreso'].map((k) => `tjansteskrivelse/vp-2023/${k}.yaml`),
      plan2023,
    ]);
    expect(Object.values(statuses).filter((s) => s === 'current')).toHaveLength(Object.keys(statuses).length - 9);
    const pages = await pageTexts(join(scratch.out, 'tjansteskrivelse-vp-2023-salem.pdf'));
    expect(pages.slice(2).join(' ')).toContain('1. Om verksamhetsplanen');
  });

  it('is kept in the letter’s edition with the plan’s sources, so that the edition rebuilds alone', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const editionsDir = scratchDir();
    const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, editionsDir, paths: [join(scratch.sources, letter)] });
    const edition = report.documents.find((d) => d.source.endsWith(letter))!.edition!;
    const record = readEdition(editionsDir, edition)!;
    expect(Object.keys(record.hashes.sources)).toEqual(
      expect.arrayContaining([letter, 'tjansteskrivelse/vp-2023/arende.yaml', 'register.yaml', plan2023, 'bilagor/samarbetsavtal-2010.yaml']),
    );
    const rebuilt = await rebuildEdition(editionsDir, edition);
    expect(rebuilt?.problems).toEqual([]);
    expect(rebuilt?.identical).toBe(true);
  });

  it('may not lead back to the document that attaches it: a circle is a message on each, and what attaches them is not built', {
    timeout: 300_000,
  }, async () => {
    const scratch = copyOfSources();
    const attach = (file: string, id: string) =>
      scratch.write(file, `${readFileSync(join(scratch.sources, file), 'utf8').trimEnd()}\n  - id: annan-plan\n    dokument: ${id}\n`);
    attach(plan2023, 'vp-2020');
    attach(plan2020, 'vp-2023');
    const { messages } = await validateSources(scratch.sources);
    const circles = messages.filter((m) => m.ruleId === 'bilaga/document-cycle');
    expect(circles.map((m) => [m.file!.split('sources/')[1], m.text.sv.reason])).toEqual([
      [plan2020, 'Dokumenten bifogar varandra i en ring (vp-2020 → vp-2023 → vp-2020), så inget av dem kan byggas först.'],
      [plan2023, 'Dokumenten bifogar varandra i en ring (vp-2023 → vp-2020 → vp-2023), så inget av dem kan byggas först.'],
    ]);
    const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [join(scratch.sources, letter)] });
    expect(statusOf(report)).toEqual({ [letter]: 'failed', [plan2020]: 'failed', [plan2023]: 'failed' });
    const failed = report.documents.find((d) => d.source.endsWith(letter))!;
    // Said where the ärende names the plan.
    expect(failed.messages.map((m) => [m.ruleId, `${m.file!.split('sources/')[1]}:${m.line}:${m.column}`, m.text.sv.reason])).toEqual([
      [
        'bilaga/document-not-built',
        'tjansteskrivelse/vp-2023/arende.yaml:27:15',
        'Bilagan vp-2023 kunde inte byggas, så inte heller dokumentet som den följer med.',
      ],
    ]);
    expect(existsSync(join(scratch.out, 'tjansteskrivelse-vp-2023-tyreso.pdf'))).toBe(false);
  });

  it('fails the letter, unprinted, when the attached document could not be printed', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    mkdirSync(join(scratch.out, 'verksamhetsplan-2023.pdf'), { recursive: true });
    const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [join(scratch.sources, letter)] });
    expect(statusOf(report)).toEqual({ [letter]: 'failed', [plan2023]: 'failed' });
    const failed = report.documents.find((d) => d.source.endsWith(letter))!;
    expect(failed.messages.map((m) => [m.ruleId, `${m.file!.split('sources/')[1]}:${m.line}`])).toEqual([
      ['bilaga/document-not-built', 'tjansteskrivelse/vp-2023/arende.yaml:27'],
    ]);
    expect(existsSync(join(scratch.out, 'tjansteskrivelse-vp-2023-tyreso.pdf'))).toBe(false);
  });
});
