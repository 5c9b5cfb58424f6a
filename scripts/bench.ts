// `npm run bench`: how close the pipeline comes to printing the same final HTML with Puppeteer alone, on this machine.
// Prints tables; record the figures in docs/performance.md. Not a test: nothing here asserts.
// Parts may be chosen: `npm run bench -- documents plans scale batch idle` (all when none is named).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { parse, stringify } from 'yaml';
import type { Register, Verksamhetsplan } from '../pipeline/core/model.ts';
import { defaultSourcesDir, projectRoot } from '../pipeline/core/paths.ts';
import { readPdf } from '../pipeline/core/pdf.ts';
import { TOTAL_PAGES } from '../pipeline/core/view.ts';
import { compareItems } from '../pipeline/diff/compare.ts';
import { itemsOf } from '../pipeline/diff/items.ts';
import { build } from '../pipeline/orchestrate/build.ts';
import { planProject } from '../pipeline/orchestrate/plan.ts';
import { defaultJobs, readAppendix } from '../pipeline/orchestrate/print-documents.ts';
import { BrowserSession } from '../pipeline/print/browser.ts';
import { findChromium, isHeadlessShell } from '../pipeline/print/chromium.ts';
import { printPaginated } from '../pipeline/print/paginate.ts';
import type { PrintPage } from '../pipeline/print/print-page.ts';
import { standaloneHtml } from '../pipeline/print/standalone-html.ts';
import { renderHtml } from '../pipeline/render/render-html.ts';
import { scaledPlan } from '../test/helpers/scaled-plan.ts';

const PARTS = ['documents', 'plans', 'scale', 'batch', 'idle'] as const;
type Part = (typeof PARTS)[number];
const asked = process.argv.slice(2).filter((a) => a !== '--');
for (const part of asked) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`no part "${part}": ${PARTS.join(', ')}`);
const runs = (part: Part) => asked.length === 0 || asked.includes(part);

const jobs = defaultJobs();
// Every scratch folder of a run lies in one, removed when the run ends, however it ends.
const scratchRoot = mkdtempSync(join(tmpdir(), 'handlingar-bench-'));
process.on('exit', () => rmSync(scratchRoot, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
const scratch = () => mkdtempSync(join(scratchRoot, 'run-'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The median of the rounds' own ratios, and their range: "1.23× (1.10–1.41)". */
const ratio = (runs: readonly number[], to: readonly number[]) => {
  const each = runs.map((ms, i) => ms / to[i]!);
  return `${median(each).toFixed(2)}× (${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)})`;
};
const spread = (values: readonly number[]) => `${seconds(median(values))} (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`;

async function time<T>(f: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const result = await f();
  return [performance.now() - start, result];
}

/** The whole command in a new process, as a user runs it: how long it took. */
function command(...args: string[]): Promise<number> {
  return run(join(projectRoot, 'bin', 'handlingar.js'), ...args);
}

/** A Node script in a new process: how long it took. */
function run(script: string, ...args: string[]): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  child.stdout.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`${script} ${args.join(' ')} failed (${code}):\n${said}`)),
    ),
  );
}

/**
 * Memory of this process and every process it started (the command, Chromium
 * and its helpers): the peak of the sum of their proportional set sizes
 * (shared pages counted once, in parts: the memory they really take
 * together), and for comparison the peak of the sum of their resident sizes
 * (which counts Chromium's shared code once per process). Other processes on
 * the machine (other users' Chromiums) are not counted. Reading
 * /proc/<pid>/smaps_rollup costs about 3 ms a process, so PSS is sampled
 * every `pssMs` and RSS (from /proc/<pid>/status) every 200 ms.
 */
function peakMemory(pssMs = 2000): { stop: () => { pss: number; rss: number } } {
  const peak = { pss: 0, rss: 0 };
  const ours = () => {
    const all = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .flatMap((pid) => {
        try {
          const status = readFileSync(`/proc/${pid}/status`, 'utf8');
          return [{ pid: Number(pid), parent: Number(/PPid:\s*(\d+)/.exec(status)?.[1]), status }];
        } catch {
          return [];
        }
      });
    const mine = new Set([process.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of all) if (!mine.has(p.pid) && mine.has(p.parent)) grew = Boolean(mine.add(p.pid));
    }
    return all.filter((p) => mine.has(p.pid));
  };
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const sampleRss = () => {
    peak.rss = Math.max(peak.rss, sum(ours().map(({ status }) => Number(/VmRSS:\s*(\d+)/.exec(status)?.[1] ?? 0) * 1024)));
  };
  const samplePss = () => {
    const pss = ours().map(({ pid }) => {
      try {
        return Number(/^Pss:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        return 0;
      }
    });
    peak.pss = Math.max(peak.pss, sum(pss));
  };
  const timers = [setInterval(sampleRss, 200), setInterval(samplePss, pssMs)];
  return {
    stop: () => {
      timers.forEach(clearInterval);
      sampleRss();
      samplePss();
      return peak;
    },
  };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The `jobs` pages a build prints on, opened in `session`. */
function openPages(session: BrowserSession): Promise<PrintPage[]> {
  return Promise.all(Array.from({ length: jobs }, () => session.newPage()));
}

/** Chromium alone printing each HTML once on `pages` at once, through the pipeline's own pages (the batch's limit). */
async function chromiumAlone(htmls: readonly string[], pages: readonly PrintPage[]): Promise<number> {
  const queue = [...htmls];
  const [ms] = await time(() =>
    Promise.all(
      pages.map(async (page) => {
        for (let html = queue.shift(); html; html = queue.shift()) await page.print(html);
      }),
    ),
  );
  return ms;
}

// The Chromium the build prints with (its headless shell when installed), as Puppeteer launches it.
const executablePath = findChromium()!;
const shell = isHeadlessShell(executablePath);

/**
 * Raw Puppeteer: what anyone would write to print HTML with it. Chromium
 * launched by Puppeteer (its flags, and ours for this machine: no sandbox, no
 * GPU, the same font hinting), `jobs` pages, each HTML (its fonts inlined)
 * set as the page's content and printed with `page.pdf` as tagged PDF with an
 * outline, as the pipeline prints.
 */
const rawLaunch = () =>
  puppeteer.launch({
    executablePath,
    headless: shell ? 'shell' : true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
  });
/** As many pages as print at once, as the build opens: no more than there are documents. */
const rawPages = (browser: Browser, documents: number) => Promise.all(Array.from({ length: Math.min(jobs, documents) }, () => browser.newPage()));

async function rawPrint(pages: readonly Page[], htmls: readonly string[]): Promise<void> {
  const queue = [...htmls];
  await Promise.all(
    pages.map(async (page) => {
      for (let html = queue.shift(); html; html = queue.shift()) {
        await page.setContent(html, { waitUntil: 'load' });
        await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, format: 'A4' });
      }
    }),
  );
}

/** Raw Puppeteer cold: launched, pages opened, every HTML printed once, closed. */
async function rawCold(htmls: readonly string[]): Promise<number> {
  const [ms] = await time(async () => {
    const browser = await rawLaunch();
    await rawPrint(await rawPages(browser, htmls.length), htmls);
    await browser.close();
  });
  return ms;
}

/**
 * Raw Puppeteer cold as a command (scripts/raw-puppeteer.mjs): a new Node
 * process loads Puppeteer, launches Chromium, prints every HTML file to a PDF
 * and closes it, as the cold build is a new process.
 */
function rawColdCommand(files: readonly string[]): Promise<number> {
  return run(join(projectRoot, 'scripts', 'raw-puppeteer.mjs'), executablePath, shell ? 'shell' : 'new', String(jobs), ...files);
}

/** The HTMLs written to files, for the raw command to read. */
function htmlFiles(htmls: readonly string[]): string[] {
  const folder = scratch();
  return htmls.map((html, i) => {
    const file = join(folder, `${i}.html`);
    writeFileSync(file, html);
    return file;
  });
}

/**
 * The final HTML of every document of `sourcesDir` (table of contents
 * numbered, page totals with the PDF bilagor counted), with its fonts inlined
 * for raw Puppeteer; and how many pages the pipeline's PDFs have.
 */
async function finalHtmls(session: BrowserSession, sourcesDir: string): Promise<{ htmls: string[]; pages: number; built: string }> {
  // Built first: a document attached to another as its bilaga is read from the output folder.
  const built = scratch();
  await build({ sourcesDir, outDir: built, session: async () => session });
  const page = await session.newPage();
  const htmls: string[] = [];
  let pages = 0;
  for (const { job, prepared } of (await planProject(sourcesDir)).documents()) {
    const { view, appendix } = prepared!;
    const bilagor = await readAppendix(appendix.map((a) => (a.document === undefined ? a : { ...a, file: join(built, a.file) })));
    const { html, doc } = await printPaginated(page, (numbers) => renderHtml(job.kind, view, numbers), bilagor);
    htmls.push(standaloneHtml(html));
    pages += doc.getPageCount() + bilagor.reduce((n, b) => n + b.pages, 0);
  }
  await page.close();
  return { htmls, pages, built };
}

/** A project of the 2023 plan alone, with `factor` times its activities. */
function planSources(factor: number): string {
  const sources = join(scratch(), 'sources');
  mkdirSync(join(sources, 'verksamhetsplan'), { recursive: true });
  cpSync(join(defaultSourcesDir, 'bilagor'), join(sources, 'bilagor'), { recursive: true });
  cpSync(join(defaultSourcesDir, 'register.yaml'), join(sources, 'register.yaml'));
  const plan = parse(readFileSync(join(defaultSourcesDir, 'verksamhetsplan', '2023.yaml'), 'utf8')) as Verksamhetsplan;
  writeFileSync(join(sources, 'verksamhetsplan', '2023.yaml'), stringify(scaledPlan(plan, factor, false), { aliasDuplicateObjects: false }));
  return sources;
}

type Row = [string, string, string];

function printTable(title: string, rows: readonly Row[]): void {
  const width = Math.max(4, ...rows.map((r) => r[0].length));
  process.stdout.write(`\n## ${title}\n\n${'what'.padEnd(width)}  ${'time'.padStart(24)}  ratio\n`);
  for (const [what, value, r] of rows) process.stdout.write(`${what.padEnd(width)}  ${value.padStart(24)}  ${r}\n`);
}

/**
 * Point 1: the cold command and the warm build against raw Puppeteer
 * printing the same final HTML, cold (launched, printed, closed) and warm
 * (pages open in a running browser), in `rounds` rounds that alternate them.
 */
async function againstRaw(name: string, sourcesDir: string, rounds: number): Promise<void> {
  const session = await BrowserSession.open();
  const browser = await rawLaunch();
  try {
    const { htmls, pages: pageCount, built: again } = await finalHtmls(session, sourcesDir);
    const sources = sourcesDir === defaultSourcesDir ? [] : ['--sources', sourcesDir];
    const pages = await openPages(session);
    const raws = await rawPages(browser, htmls.length);
    await rawPrint(raws, htmls); // one round to warm the pages before the clock
    const warm = (outDir = scratch()) => time(() => build({ sourcesDir, outDir, force: true, session: async () => session }));
    await warm();
    const files = htmlFiles(htmls);
    const m = {
      rawCold: [] as number[],
      rawCommand: [] as number[],
      cold: [] as number[],
      coldOver: [] as number[],
      raw: [] as number[],
      fresh: [] as number[],
      remembered: [] as number[],
    };
    for (let round = 0; round < rounds; round++) {
      m.rawCold.push(await rawCold(htmls));
      m.rawCommand.push(await rawColdCommand(files));
      m.cold.push(await command('build', '--force', '--no-archive', ...sources, '--out', scratch()));
      m.coldOver.push(await command('build', '--force', '--no-archive', ...sources, '--out', again));
      m.raw.push((await time(() => rawPrint(raws, htmls)))[0]);
      m.remembered.push((await warm(again))[0]);
      m.fresh.push((await warm())[0]);
    }
    await Promise.all(pages.map((p) => p.close()));
    printTable(`${name}: ${htmls.length} documents, ${pageCount} pages, ${jobs} pages at once, ${rounds} alternating rounds`, [
      ['Raw Puppeteer, cold, as a command: a new Node process loads Puppeteer, launches, prints every final HTML, closes', spread(m.rawCommand), '1.00×'],
      ['Build, cold: `handlingar build --force` in a new process, fresh output folder', spread(m.cold), ratio(m.cold, m.rawCommand)],
      ['Build, cold, --force over the last build (page numbers remembered, as with output/ kept)', spread(m.coldOver), ratio(m.coldOver, m.rawCommand)],
      [
        'Raw Puppeteer, cold, in this process (Puppeteer already loaded): launched, printed, closed',
        spread(m.rawCold),
        `build ${ratio(m.cold, m.rawCold)} fresh, ${ratio(m.coldOver, m.rawCold)} over the last build`,
      ],
      ['Raw Puppeteer, warm: the same prints on open pages', spread(m.raw), '1.00×'],
      ['Build, warm (Chromium running, as in `watch`), --force over the last build', spread(m.remembered), ratio(m.remembered, m.raw)],
      ['Build, warm, fresh output folder (two passes for each table of contents)', spread(m.fresh), ratio(m.fresh, m.raw)],
    ]);
  } finally {
    await browser.close();
    await session.close();
  }
}

/**
 * Point 2: the plan at ×1, ×10, ×50, ×200 its activities, the cold command
 * against raw Puppeteer cold, alternating in `rounds` rounds; the time per
 * added page is each round's least-squares slope. Peak memory in one more
 * build of each, untimed (sampling takes CPU).
 */
async function scale(rounds: number): Promise<void> {
  const factors = [1, 10, 50, 200];
  const plans: Array<{ factor: number; sources: string; files: string[]; pages: number; built: string }> = [];
  const session = await BrowserSession.open();
  try {
    for (const factor of factors) {
      const sources = planSources(factor);
      const { htmls, ...rest } = await finalHtmls(session, sources);
      plans.push({ factor, sources, files: htmlFiles(htmls), ...rest });
    }
  } finally {
    await session.close();
  }
  const raw = plans.map(() => [] as number[]);
  const ours = plans.map(() => [] as number[]);
  const over = plans.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, plan] of plans.entries()) {
      raw[i]!.push(await rawColdCommand(plan.files));
      ours[i]!.push(await command('build', '--force', '--no-archive', '--sources', plan.sources, '--out', scratch()));
      // Over the last build's output folder: its page numbers remembered, one pass instead of a draft and a print.
      over[i]!.push(await command('build', '--force', '--no-archive', '--sources', plan.sources, '--out', plan.built));
    }
  }
  const memory: Array<{ pss: number; rss: number; pages: number }> = [];
  for (const plan of plans) {
    const out = scratch();
    const sampling = peakMemory(500);
    await command('build', '--force', '--no-archive', '--sources', plan.sources, '--out', out);
    const peak = sampling.stop();
    const pdf = readdirSync(out).find((f) => f.endsWith('.pdf'))!;
    memory.push({ ...peak, pages: (await readPdf(readFileSync(join(out, pdf)))).getPageCount() });
  }
  const pages = memory.map((m) => m.pages);
  const slope = (ms: readonly number[]) => {
    const mx = pages.reduce((a, b) => a + b, 0) / pages.length;
    const my = ms.reduce((a, b) => a + b, 0) / ms.length;
    return pages.reduce((s, x, i) => s + (x - mx) * (ms[i]! - my), 0) / pages.reduce((s, x) => s + (x - mx) ** 2, 0);
  };
  const slopes = (m: number[][]) => Array.from({ length: rounds }, (_, r) => slope(m.map((runs) => runs[r]!)));
  const rows: Row[] = plans.map((plan, i) => [
    `×${plan.factor}: ${pages[i]} pages; peak memory (sum of PSS; RSS) ${mib(memory[i]!.pss)}; ${mib(memory[i]!.rss)}, ${(memory[i]!.pss / pages[i]! / 2 ** 20).toFixed(2)} MiB/page`,
    spread(ours[i]!),
    `raw ${seconds(median(raw[i]!))}, ${ratio(ours[i]!, raw[i]!)}; ${(median(ours[i]!) / pages[i]!).toFixed(0)} ms/page (raw ${(median(raw[i]!) / pages[i]!).toFixed(0)})`,
  ]);
  const [ourSlopes, overSlopes, rawSlopes] = [slopes(ours), slopes(over), slopes(raw)];
  rows.push([
    'Time per added page (least squares over the four, each round), fresh output folder',
    `${median(ourSlopes).toFixed(1)} ms/page`,
    `raw ${median(rawSlopes).toFixed(1)} ms/page, ${ratio(ourSlopes, rawSlopes)}`,
  ]);
  rows.push([
    'Time per added page, --force over the last build (page numbers remembered)',
    `${median(overSlopes).toFixed(1)} ms/page`,
    `${ratio(overSlopes, rawSlopes)}; ${plans.map((_, i) => `×${factors[i]} ${seconds(median(over[i]!))}`).join(', ')}`,
  ]);
  printTable(
    `Scale: the 2023 plan's activities ×${factors.join(', ×')}, cold command against raw Puppeteer cold as a command, ${rounds} alternating rounds`,
    rows,
  );
}

/** About 500 tjänsteskrivelser from the real ärende: 63 copies of it, each with the eight municipalities' drafts, numbered apart. */
function batchSources(): string {
  const sources = join(scratch(), 'sources');
  cpSync(defaultSourcesDir, sources, { recursive: true });
  const dir = join(sources, 'tjansteskrivelse', 'sup-2040');
  const arende = readFileSync(join(dir, 'arende.yaml'), 'utf8');
  const drafts = readdirSync(dir)
    .filter((f) => f !== 'arende.yaml')
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  for (let n = 0; n < 63; n++) {
    const copy = join(sources, 'tjansteskrivelse', `serie-${n}`);
    mkdirSync(copy, { recursive: true });
    writeFileSync(join(copy, 'arende.yaml'), arende.replace('id: sup-2040', `id: serie-${n}`));
    for (const [k, draft] of drafts.entries()) {
      writeFileSync(
        join(copy, `${k}.yaml`),
        draft.replace('arende: sup-2040', `arende: serie-${n}`).replace('2023/KS 0063 005', `2023/KS ${String(1000 + n)} 00${k}`),
      );
    }
  }
  return sources;
}

/**
 * The final HTML of every tjänsteskrivelse of the batch: all print on 2 pages, 9 with the bilaga.
 * Rendered from a copy of the batch's sources, so that the batch reads its own as new (a process
 * keeps what it read last, see readSource).
 */
async function batchFinalHtmls(sources: string): Promise<string[]> {
  const copy = join(scratch(), 'sources');
  cpSync(sources, copy, { recursive: true });
  return [...(await planProject(copy)).documents()]
    .filter(({ job }) => job.kind === 'tjansteskrivelse')
    .map(({ job, prepared }) => renderHtml(job.kind, prepared!.view, new Map([[TOTAL_PAGES, 9]])));
}

/** Chromium alone printing the given HTML, in a browser of its own (started outside the timing): documents a second. */
async function chromiumRate(htmls: readonly string[]): Promise<number> {
  const session = await BrowserSession.open();
  try {
    return htmls.length / ((await chromiumAlone(htmls, await openPages(session))) / 1000);
  } finally {
    await session.close();
  }
}

/**
 * Point 4: the batch's own documents, printed by Chromium alone (the
 * pipeline's pages, the same concurrency) before, between and after two runs
 * of the batch: each run is compared with the mean of the Chromium runs on
 * either side of it (the machine's speed drifts by a tenth over minutes), and
 * the lower of the two ratios is reported. Memory in a third run: sampling
 * /proc takes a few per cent of the CPU the timed runs should have.
 */
async function batch(): Promise<void> {
  const sources = batchSources();
  const batchHtmls = await batchFinalHtmls(sources);
  // The batch starts its own browser, as a user's build does. Also timed from its first print on (after
  // Chromium started and the 520 sources were read and prepared), as Chromium alone is timed on open pages.
  let firstPrint = 0;
  const runBatch = () => {
    firstPrint = 0;
    return build({
      sourcesDir: sources,
      outDir: scratch(),
      force: true,
      paths: [join(sources, 'tjansteskrivelse')],
      onProgress: () => {
        firstPrint ||= performance.now();
      },
    });
  };
  const chromiumRates = [await chromiumRate(batchHtmls)];
  const batchRuns: Array<{ ms: number; printing: number; built: number; ratio: number; fromFirstPrint: number }> = [];
  for (let round = 0; round < 2; round++) {
    const [ms, report] = await time(runBatch);
    const printing = performance.now() - firstPrint;
    chromiumRates.push(await chromiumRate(batchHtmls));
    const built = report.documents.filter((d) => d.status === 'built').length;
    const chromium = (chromiumRates[round]! + chromiumRates[round + 1]!) / 2;
    batchRuns.push({ ms, printing, built, ratio: built / (ms / 1000) / chromium, fromFirstPrint: built / (printing / 1000) / chromium });
  }
  const memory = peakMemory();
  await runBatch();
  const peak = memory.stop();
  const low = batchRuns.reduce((a, run) => (run.ratio < a.ratio ? run : a));
  printTable('Batch', [
    [
      `Chromium alone: the batch's ${batchHtmls.length} final HTMLs, ${jobs} pages at once (before, between, after)`,
      '',
      `${chromiumRates.map((r) => r.toFixed(1)).join('; ')} docs/s`,
    ],
    [
      `Batch: ${low.built} tjänsteskrivelser, ${jobs} pages at once, Chromium's start included, the lower of two runs`,
      seconds(low.ms),
      `${(low.built / (low.ms / 1000)).toFixed(1)} docs/s, ${(low.ms / low.built).toFixed(0)} ms/doc (${low.ratio.toFixed(2)}× Chromium alone; ` +
        `${low.fromFirstPrint.toFixed(2)}× from its first print on, ${((low.ms - low.printing) / 1000).toFixed(1)} s before it; ` +
        `the other run ${batchRuns.find((run) => run !== low)!.ratio.toFixed(2)}×)`,
    ],
    ['Peak memory during the batch (a third run), node + Chromium (sum of PSS; sum of RSS)', mib(peak.pss), `RSS sum ${mib(peak.rss)}`],
  ]);
}

/** A build with nothing to do, and the comparison of two plans at scale (issues 20 point 3, and 16). */
async function idle(): Promise<void> {
  const noopOut = scratch();
  await command('build', '--no-archive', '--out', noopOut);
  const noop: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 7; round++) {
    noop.push(await command('build', '--no-archive', '--out', noopOut));
    const start = performance.now();
    await new Promise((resolve) => spawn(process.execPath, ['-e', '0']).once('exit', resolve));
    bare.push(performance.now() - start);
  }
  const plan2023 = parse(readFileSync(join(defaultSourcesDir, 'verksamhetsplan', '2023.yaml'), 'utf8')) as Verksamhetsplan;
  const register = parse(readFileSync(join(defaultSourcesDir, 'register.yaml'), 'utf8')) as Register;
  const scaledItems = (renamed: boolean) => itemsOf(scaledPlan(plan2023, 50, renamed), register, () => undefined);
  const [oldItems, newItems] = [scaledItems(false), scaledItems(true)];
  const compareRuns: number[] = [];
  for (let run = 0; run < 3; run++) compareRuns.push((await time(() => compareItems(oldItems, newItems)))[0]);
  printTable('Idle and comparison', [
    ['Build with nothing to do, whole command, against `node -e 0` (7 alternating rounds)', `${median(noop).toFixed(0)} ms`, ratio(noop, bare)],
    [`Comparison across years: 50× the 2023 plan's activities (${oldItems.length} items a side), every id renamed`, seconds(median(compareRuns)), ''],
  ]);
}

async function main(): Promise<void> {
  process.stdout.write(`parts: ${PARTS.filter(runs).join(', ')}; ${jobs} pages at once\n`);
  await command('validate'); // compiles the command line into dist/ if pipeline/ changed, outside the timings
  if (runs('documents')) await againstRaw('The real documents', defaultSourcesDir, 5);
  if (runs('plans')) {
    await againstRaw('The 2023 plan, ×10 its activities', planSources(10), 5);
    await againstRaw('The 2023 plan, ×50 its activities', planSources(50), 5);
  }
  if (runs('scale')) await scale(3);
  if (runs('batch')) await batch();
  if (runs('idle')) await idle();
}

await main();
