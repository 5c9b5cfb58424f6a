import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { countFillIns } from '../../pipeline/core/model.ts';
import { loadProject } from '../../pipeline/load/project.ts';
import { type BuildReport, build } from '../../pipeline/orchestrate/build.ts';
import type { IndexManifest } from '../../pipeline/orchestrate/document-index.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { copyOfSources } from '../helpers/project.ts';

/** One build of a copy of the real sources, whose ärende's name (and so every tjänsteskrivelse's title) is hostile. */
const scratch = copyOfSources();
const editionsDir = join(scratch.dir, 'editions');
const HOSTILE = 'SUP <script>alert(1)</script> "><img src=x onerror=alert(2)> &amp;';
const arende = join(scratch.sources, 'tjansteskrivelse', 'sup-2040', 'arende.yaml');
scratch.write('tjansteskrivelse/sup-2040/arende.yaml', readFileSync(arende, 'utf8').replace('namn: Södertörns utvecklingsprogram 2040', `namn: '${HOSTILE}'`));
const options = { sourcesDir: scratch.sources, outDir: scratch.out, editionsDir };
const read = (name: string) => readFileSync(join(scratch.out, name), 'utf8');
const manifest = () => JSON.parse(read('index.json')) as IndexManifest;
let report: BuildReport;

beforeAll(async () => {
  report = await build(options);
}, 600_000);

/** What the sources say of each document, worked out here from the YAML: status, version, and fields to fill in (a letter's ärende's too). */
function fromSources() {
  const project = loadProject(scratch.sources);
  const arendeData = project.sources.get(arende)!.source.data;
  return [...project.sources.values()]
    .filter(({ type }) => ['verksamhetsplan', 'minnesanteckningar', 'tjansteskrivelse'].includes(type))
    .map(({ source, type }) => {
      const data = source.data as { status: string; version: number };
      const fillIns = countFillIns(data) + (type === 'tjansteskrivelse' ? countFillIns(arendeData) : 0);
      return { source: relative(scratch.sources, source.absolutePath), kind: type, status: data.status, version: data.version, fillIns };
    });
}

describe("the index of a build's documents", () => {
  it('lists every document with its title, kind, status, version, edition and fields to fill in, as the sources say, and links files that exist', () => {
    expect(report.documents.every((d) => d.status === 'built')).toBe(true);
    expect(report.index).toBe(join(scratch.out, 'index.html'));
    const index = manifest();
    expect([index.format, index.version]).toEqual(['handlingar-index', 1]);
    const expected = fromSources();
    expect(index.documents.map(({ source, kind, status, version, fillIns }) => ({ source, kind, status, version, fillIns }))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(index.documents).toHaveLength(expected.length);
    for (const entry of index.documents) {
      const built = report.documents.find((d) => relative(scratch.sources, d.source) === entry.source)!;
      expect(entry.title).toBe(built.title);
      expect(entry.edition).toBe(built.edition);
      expect(existsSync(join(editionsDir, entry.edition!.split('@')[0]!, entry.edition!.split('@')[1]!)), entry.edition!).toBe(true);
      expect(entry.files[0]).toEqual({ type: 'pdf', href: encodeURIComponent(built.output!.split('/').pop()!) });
      for (const file of entry.files) expect(existsSync(join(scratch.out, decodeURIComponent(file.href))), file.href).toBe(true);
    }
    expect(index.documents.find((d) => d.source === 'verksamhetsplan/2023.yaml')!.title).toBe('Verksamhetsplan och budget 2023');
    expect(index.documents.filter((d) => d.title?.startsWith(`${HOSTILE} – tjänsteskrivelse, `))).toHaveLength(8);
    // Warnings are listed with the documents they are about.
    expect(index.documents.find((d) => d.source === 'verksamhetsplan/2023.yaml')!.messages.map((m) => m.ruleId)).toEqual(['calendar/weekday']);
  });

  it('stands alone in a real browser: the table grouped by kind, every title a link to its PDF, hostile text shown as text, nothing requested', async () => {
    const html = read('index.html');
    expect(html).not.toMatch(/https?:\/\//);
    const session = await BrowserSession.open();
    try {
      const page = await (await session.newPage()).page.browser().newPage();
      const requested: string[] = [];
      const dialogs: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('data:')) requested.push(request.url());
      });
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const url = pathToFileURL(join(scratch.out, 'index.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      expect(requested).toEqual([url]);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('Source Sans 3') && f.status === 'loaded'))).toBe(true);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
      expect(await page.$$eval('h2', (all) => all.map((h) => h.textContent))).toEqual(['Verksamhetsplaner', 'Minnesanteckningar', 'Tjänsteskrivelser']);
      expect(await page.$$eval('script, img', (all) => all.length)).toBe(0);
      const rows = await page.$$eval('table.forteckning tbody tr', (all) =>
        all.map((tr) => ({ title: tr.querySelector('th a')?.textContent, href: tr.querySelector('th a')?.getAttribute('href') })),
      );
      const index = manifest();
      expect(rows).toEqual(expect.arrayContaining(index.documents.map((d) => ({ title: d.title, href: d.files[0]!.href }))));
      expect(rows).toHaveLength(index.documents.length);
      // Each link leads to a file beside the index.
      const links = await page.$$eval('a[href]', (all) => all.map((a) => (a as HTMLAnchorElement).href));
      for (const link of links) expect(existsSync(new URL(link)), link).toBe(true);
      await page.close();
    } finally {
      await session.close();
    }
  });

  it('is written again by a build with nothing to do, the same to the byte, and named by the command', async () => {
    const html = read('index.html');
    rmSync(join(scratch.out, 'index.html'));
    const run = await runCommandLine('build', '--sources', scratch.sources, '--out', scratch.out, '--editions', editionsDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Förteckning över dokumenten: ${relative(process.cwd(), join(scratch.out, 'index.html'))}`);
    expect(read('index.html')).toBe(html);
  });

  it('lists the whole project after a build of some documents: theirs updated, the others kept', { timeout: 300_000 }, async () => {
    const before = manifest();
    const minutes = join(scratch.sources, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml');
    scratch.write('minnesanteckningar/2023-10-27-ledningsgruppen.yaml', readFileSync(minutes, 'utf8').replace('datum: 2023-10-27', 'datum: 27 oktober 2023'));
    const some = await build({ ...options, paths: [join(scratch.sources, 'minnesanteckningar')] });
    expect(some.documents.map((d) => d.status)).toEqual(['failed']);
    const after = manifest();
    const name = 'minnesanteckningar/2023-10-27-ledningsgruppen.yaml';
    expect(after.documents.filter((d) => d.source !== name)).toEqual(before.documents.filter((d) => d.source !== name));
    const entry = after.documents.find((d) => d.source === name)!;
    expect(entry.files).toEqual([]);
    expect(entry.messages.map((m) => m.ruleId)).toContain('schema/format');
    expect(read('index.html')).toContain('<span class="saknas">(ingen PDF)</span>');
  });
});
