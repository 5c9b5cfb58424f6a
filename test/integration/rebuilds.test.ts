import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkPdf } from '../../pipeline/check/check-pdf.ts';
import * as project from '../../pipeline/load/project.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import { PrintPage } from '../../pipeline/print/print-page.ts';
import { tableOfContents } from '../helpers/pdf.ts';
import { copyOfSources } from '../helpers/project.ts';

// Counts how often sources are parsed, without changing what parsing does.
vi.mock('../../pipeline/load/project.ts', async (original) => {
  const actual = await original<typeof import('../../pipeline/load/project.ts')>();
  return { ...actual, loadProject: vi.fn(actual.loadProject) };
});

afterEach(() => {
  vi.restoreAllMocks();
});

const sections2023 = ['1. Om VP2023', '2. Utvecklingsaktiviteter', '3. Kansliets prioriteringar', '4. Organisation', '5. Kalendarium för möten', '6. Budget'];

describe('a build with nothing changed', () => {
  it('answers from the last build, parsing no source, and notices anything that changed', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const first = await build({ sourcesDir: scratch.sources, outDir: scratch.out });
    expect(first.documents.every((d) => d.status === 'built')).toBe(true);
    const parsed = vi.mocked(project.loadProject);
    parsed.mockClear();

    // The same answer a full look would give: every document up to date, the warnings still said.
    const idle = await build({ sourcesDir: scratch.sources, outDir: scratch.out, browserUrl: 'http://127.0.0.1:9/' });
    expect(parsed).not.toHaveBeenCalled();
    expect(idle.documents.map((d) => d.status)).toEqual(Array(19).fill('current'));
    expect(idle.documents.flatMap((d) => d.messages.map((m) => m.ruleId)).sort()).toEqual(['calendar/weekday', 'minutes/register-differs']);
    expect(idle.documents.map((d) => d.fillIns)).toEqual(first.documents.map((d) => d.fillIns));

    // A comment added to a source: everything is looked at again, and nothing needs printing.
    const register = join(scratch.sources, 'register.yaml');
    writeFileSync(register, `${readFileSync(register, 'utf8')}\n# en kommentar\n`);
    const looked = await build({ sourcesDir: scratch.sources, outDir: scratch.out, browserUrl: 'http://127.0.0.1:9/' });
    expect(parsed).toHaveBeenCalledTimes(1);
    expect(looked.documents.map((d) => d.status)).toEqual(Array(19).fill('current'));

    // A plan's calendar removed from the output folder is written again, with nothing printed.
    const calendar = join(scratch.out, 'verksamhetsplan-2023-ledningsgruppen.ics');
    rmSync(calendar);
    const rewritten = await build({ sourcesDir: scratch.sources, outDir: scratch.out, browserUrl: 'http://127.0.0.1:9/' });
    expect(rewritten.documents.map((d) => d.status)).toEqual(Array(19).fill('current'));
    expect(existsSync(calendar)).toBe(true);

    // A new source is built; a PDF changed or removed in the output folder is made again.
    scratch.write(
      'minnesanteckningar/2023-11-10-ledningsgruppen.yaml',
      readFileSync(join(scratch.sources, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml'), 'utf8').replace('datum: 2023-10-27', 'datum: 2023-11-10'),
    );
    writeFileSync(join(scratch.out, 'verksamhetsplan-2020.pdf'), '%PDF-1.7 ändrad för hand');
    rmSync(join(scratch.out, 'tjansteskrivelse-sup-2040-salem.pdf'));
    const after = await build({ sourcesDir: scratch.sources, outDir: scratch.out });
    expect(
      after.documents
        .filter((d) => d.status === 'built')
        .map((d) => d.output!.split('/').pop())
        .sort(),
    ).toEqual(['minnesanteckningar-ledningsgruppen-2023-11-10.pdf', 'tjansteskrivelse-sup-2040-salem.pdf', 'verksamhetsplan-2020.pdf']);
    expect(after.documents.filter((d) => d.status === 'current')).toHaveLength(17);

    // A damaged cache is an empty one: everything is printed again, nothing fails.
    writeFileSync(join(scratch.out, '.handlingar-cache.json'), '{"files": 12, "last": {"state": ');
    expect(
      (await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [join(scratch.sources, 'minnesanteckningar')] })).documents.map((d) => d.status),
    ).toEqual(['built', 'built']);
  });
});

describe('page numbers', () => {
  it('are remembered from the last build: an edited plan prints once, and a guess the edit made wrong is corrected', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const plan = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
    // A plan of its own: one that prints as no other build of this checkout has printed a plan.
    const own = readFileSync(plan, 'utf8').replace('kopplade nätverket.', `kopplade nätverket (${randomUUID()}).`);
    writeFileSync(plan, own);
    const only = { sourcesDir: scratch.sources, outDir: scratch.out, paths: [plan] };
    const prints = vi.spyOn(PrintPage.prototype, 'print');
    await build(only);
    // With nothing to go on, the first pass only finds where the headings land: a draft, without tags.
    expect(prints.mock.calls.map((call) => call[2] ?? false)).toEqual([true, false]);

    // Printed into another output folder, the same plan takes the numbers it printed with: one print, the same bytes.
    prints.mockClear();
    const elsewhere = join(scratch.dir, 'annan-utdata');
    expect((await build({ ...only, outDir: elsewhere })).documents[0]!.status).toBe('built');
    expect(prints.mock.calls.map((call) => call[2] ?? false)).toEqual([false]);
    expect(readFileSync(join(elsewhere, 'verksamhetsplan-2023.pdf')).equals(readFileSync(join(scratch.out, 'verksamhetsplan-2023.pdf')))).toBe(true);

    prints.mockClear();
    const text = readFileSync(plan, 'utf8');
    writeFileSync(plan, text.replace('har sin utgångspunkt i', 'utgår från'));
    expect((await build(only)).documents[0]!.status).toBe('built');
    expect(prints).toHaveBeenCalledTimes(1);
    const file = join(scratch.out, 'verksamhetsplan-2023.pdf');
    const before = await tableOfContents(file, sections2023);
    for (const entry of before) expect(entry.printed, entry.title).toBe(entry.actual);

    // Forty paragraphs more in section 1 move every later section: the remembered numbers are wrong, and are corrected.
    prints.mockClear();
    const filler = Array.from(
      { length: 40 },
      (_, i) => `      - stycke: Tillagt stycke ${i + 1} som flyttar allt som följer ett par sidor framåt i planen.`,
    ).join('\n');
    writeFileSync(plan, text.replace(/(\n {6}- stycke: Verksamhetsplanen för 2023[^\n]*)/, `$1\n${filler}`));
    expect((await build(only)).documents[0]!.status).toBe('built');
    expect(prints.mock.calls.length).toBeGreaterThanOrEqual(2);
    const moved = await tableOfContents(file, sections2023);
    expect(moved.at(-1)!.actual).toBeGreaterThan(before.at(-1)!.actual);
    for (const entry of moved) expect(entry.printed, entry.title).toBe(entry.actual);
    expect(await checkPdf(readFileSync(file))).toEqual([]);
  });
});

describe('a browser kept by the caller', () => {
  it('serves one build after another, on the same pages, and stays open', async () => {
    const scratch = copyOfSources();
    const session = await BrowserSession.open();
    const opened = vi.spyOn(PrintPage, 'open');
    try {
      const options = { sourcesDir: scratch.sources, outDir: scratch.out, force: true, jobs: 2, session: async () => session };
      const paths = [join(scratch.sources, 'tjansteskrivelse', 'sup-2040')];
      expect((await build({ ...options, paths })).documents.map((d) => d.status)).toEqual(Array(8).fill('built'));
      expect((await build({ ...options, paths })).documents.map((d) => d.status)).toEqual(Array(8).fill('built'));
      expect(session.alive()).toBe(true);
      expect(opened).toHaveBeenCalledTimes(2);
    } finally {
      await session.close();
    }
    expect(session.alive()).toBe(false);
  });
});

describe('the files beside the PDFs', () => {
  it('are written once the first document has gone to Chromium, and also when no print could even be asked for', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const options = { sourcesDir: scratch.sources, outDir: scratch.out, paths: [join(scratch.sources, 'tjansteskrivelse', 'sup-2040')] };
    const docx = ['botkyrka', 'salem', 'tyreso'].map((kommun) => join(scratch.out, `tjansteskrivelse-sup-2040-${kommun}.docx`));
    const whenSent: boolean[] = [];
    const print = PrintPage.prototype.print;
    vi.spyOn(PrintPage.prototype, 'print').mockImplementation(function (this: PrintPage, html, timeoutMs, draft, sent) {
      return print.call(this, html, timeoutMs, draft, () => {
        whenSent.push(docx.some((file) => existsSync(file)));
        sent?.();
      });
    });
    const report = await build(options);
    expect(report.documents.map((d) => d.status)).toEqual(Array(8).fill('built'));
    // None was written when the first print was asked for; all are there once the build is done.
    expect(whenSent[0]).toBe(false);
    expect(docx.every((file) => existsSync(file))).toBe(true);

    // A browser that refuses every print before it is asked for a PDF: the documents fail, their DOCX are written, nothing hangs.
    vi.restoreAllMocks();
    for (const file of docx) rmSync(file);
    vi.spyOn(PrintPage.prototype, 'print').mockRejectedValue(new Error('sidan stängdes'));
    const failed = await build({ ...options, force: true });
    expect(failed.documents.map((d) => d.status)).toEqual(Array(8).fill('failed'));
    expect(docx.every((file) => existsSync(file))).toBe(true);
  });
});
