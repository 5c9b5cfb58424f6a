// `npm run bench`: how close the pipeline comes to Chromium's own printing, on this machine.
// Prints a table; record the figures in docs/performance.md. Not a test: nothing here asserts.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Register, Verksamhetsplan } from '../pipeline/core/model.ts';
import { defaultSourcesDir, projectRoot } from '../pipeline/core/paths.ts';
import { TOTAL_PAGES } from '../pipeline/core/view.ts';
import { compareItems } from '../pipeline/diff/compare.ts';
import { itemsOf } from '../pipeline/diff/items.ts';
import { build } from '../pipeline/orchestrate/build.ts';
import { planProject } from '../pipeline/orchestrate/plan.ts';
import { defaultJobs, readAppendix } from '../pipeline/orchestrate/print-documents.ts';
import { BrowserSession } from '../pipeline/print/browser.ts';
import { printPaginated } from '../pipeline/print/paginate.ts';
import type { PrintPage } from '../pipeline/print/print-page.ts';
import { renderHtml } from '../pipeline/render/render-html.ts';
import { scaledPlan } from '../test/helpers/scaled-plan.ts';

const jobs = defaultJobs();
// Every scratch folder of a run lies in one, removed when the run ends, however it ends.
const scratchRoot = mkdtempSync(join(tmpdir(), 'handlingar-bench-'));
process.on('exit', () => rmSync(scratchRoot, { recursive: true, force: true }));
const scratch = () => mkdtempSync(join(scratchRoot, 'run-'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time<T>(f: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const result = await f();
  return [performance.now() - start, result];
}

/** The whole command in a new process, as a user runs it. */
function command(...args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [join(projectRoot, 'bin', 'handlingar.js'), ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`handlingar ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  return performance.now() - start;
}

/**
 * Memory of this process and every Chromium process: the peak of the sum of
 * their proportional set sizes (shared pages counted once, in parts: the
 * memory they really take together), and for comparison the peak of the sum
 * of their resident sizes (which counts Chromium's shared code once per
 * process). Reading /proc/<pid>/smaps_rollup costs about 3 ms a process, so
 * PSS is sampled every two seconds and RSS (from /proc/<pid>/status) every
 * 200 ms; sampling more often took a fifth of the machine.
 */
function peakMemory(): { stop: () => { pss: number; rss: number } } {
  const peak = { pss: 0, rss: 0 };
  const ours = () =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .flatMap((pid) => {
        try {
          const status = readFileSync(`/proc/${pid}/status`, 'utf8');
          return Number(pid) === process.pid || /^Name:\s*(chromium|chrome)/m.test(status) ? [{ pid, status }] : [];
        } catch {
          return [];
        }
      });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const sampleRss = () => {
    peak.rss = Math.max(peak.rss, sum(ours().map(({ status }) => Number(/VmRSS:\s*(\d+)/.exec(status)?.[1] ?? 0) * 1024)));
  };
  const samplePss = () => {
    peak.pss = Math.max(
      peak.pss,
      sum(
        ours().map(({ pid }) => {
          try {
            return Number(/^Pss:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
          } catch {
            return 0;
          }
        }),
      ),
    );
  };
  const timers = [setInterval(sampleRss, 200), setInterval(samplePss, 2000)];
  return {
    stop: () => {
      timers.forEach(clearInterval);
      sampleRss();
      samplePss();
      return peak;
    },
  };
}

/** The `jobs` pages a build prints on, opened in `session`. */
function openPages(session: BrowserSession): Promise<PrintPage[]> {
  return Promise.all(Array.from({ length: jobs }, () => session.newPage()));
}

/** Chromium alone printing each HTML once on `pages` at once: the time the pipeline is measured against. */
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

/** The final HTML of every real document: table of contents numbered, page totals with the PDF bilagor counted. */
async function finalHtmls(session: BrowserSession): Promise<string[]> {
  const page = await session.newPage();
  const all: string[] = [];
  for (const { job, prepared } of (await planProject(defaultSourcesDir)).documents()) {
    const { view, appendix } = prepared!;
    const { html } = await printPaginated(page, (pages) => renderHtml(job.kind, view, pages), await readAppendix(appendix));
    all.push(html);
  }
  await page.close();
  return all;
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

async function main(): Promise<void> {
  const rows: Array<[string, string, string]> = [];

  command('validate'); // compiles the command line into dist/ if pipeline/ changed, outside the timings
  const noopOut = scratch();
  command('build', '--no-archive', '--out', noopOut);
  const noopRuns = [0, 1, 2, 3, 4].map(() => command('build', '--no-archive', '--out', noopOut));

  // The machine's speed drifts by a tenth or more within minutes: each build is measured in rounds that
  // alternate it with what it is compared to, and each ratio is the median of the rounds' own ratios.
  const rounds = 5;
  const session = await BrowserSession.open();
  try {
    const htmls = await finalHtmls(session);
    // Cold: Chromium alone (started, pages opened, every document printed once, closed), then the whole
    // command in a new process with a fresh output folder (no page numbers remembered), Chromium started.
    const coldLimit: number[] = [];
    const cold: number[] = [];
    for (let round = 0; round < rounds; round++) {
      coldLimit.push(
        (
          await time(async () => {
            const fresh = await BrowserSession.open();
            await chromiumAlone(htmls, await openPages(fresh));
            await fresh.close();
          })
        )[0],
      );
      cold.push(command('build', '--force', '--no-archive', '--out', scratch()));
    }
    // Warm: Chromium already running and its pages open (as in `handlingar watch` after its first rebuild), in process.
    const pages = await openPages(session);
    await chromiumAlone(htmls, pages); // one round to warm the pages before the clock
    const warm = (outDir = scratch()) => time(() => build({ sourcesDir: defaultSourcesDir, outDir, force: true, session: async () => session }));
    await warm();
    const again = scratch();
    await build({ sourcesDir: defaultSourcesDir, outDir: again, session: async () => session });
    const limit: number[] = [];
    const fresh: number[] = [];
    const remembered: number[] = [];
    for (let round = 0; round < rounds; round++) {
      limit.push(await chromiumAlone(htmls, pages));
      fresh.push((await warm())[0]);
      remembered.push((await warm(again))[0]);
    }
    await Promise.all(pages.map((p) => p.close()));
    const ratios = (runs: number[], to: number[]) => median(runs.map((ms, i) => ms / to[i]!)).toFixed(2);
    rows.push([`Chromium alone: the final HTML of all ${htmls.length} documents, ${jobs} pages at once (the limit)`, seconds(median(limit)), '1.00×']);
    const overLimit = (runs: number[]) => (median(runs) / median(limit)).toFixed(2);
    rows.push(['Chromium alone, cold: started, then the same prints, then closed', seconds(median(coldLimit)), `${overLimit(coldLimit)}× the limit`]);
    rows.push([
      'Full build, cold: `handlingar build --force`, new process, Chromium started, fresh output folder',
      seconds(median(cold)),
      `${overLimit(cold)}× the limit, ${ratios(cold, coldLimit)}× Chromium alone cold`,
    ]);
    rows.push(['Full build, warm, fresh output folder (two passes for each table of contents)', seconds(median(fresh)), `${ratios(fresh, limit)}× the limit`]);
    rows.push([
      'Full build, warm, --force over the last build (page numbers remembered)',
      seconds(median(remembered)),
      `${ratios(remembered, limit)}× the limit`,
    ]);
    const [idle] = await time(() => build({ sourcesDir: defaultSourcesDir, outDir: again }));
    rows.push(['Build with nothing to do, in process', `${idle.toFixed(0)} ms`, '']);
    rows.push(['Build with nothing to do, whole command (`node` start included)', `${median(noopRuns).toFixed(0)} ms`, '']);
    // Comparing across years at scale: 50 times the 2023 plan's activities, every id renamed (all pair by content).
    const plan2023 = parse(readFileSync(join(defaultSourcesDir, 'verksamhetsplan', '2023.yaml'), 'utf8')) as Verksamhetsplan;
    const register = parse(readFileSync(join(defaultSourcesDir, 'register.yaml'), 'utf8')) as Register;
    const scaledItems = (renamed: boolean) => itemsOf(scaledPlan(plan2023, 50, renamed), register, () => undefined);
    const [oldItems, newItems] = [scaledItems(false), scaledItems(true)];
    const compareRuns: number[] = [];
    for (let run = 0; run < 3; run++) compareRuns.push((await time(() => compareItems(oldItems, newItems)))[0]);
    rows.push([
      `Comparison across years at scale: 50× the 2023 plan's activities (${oldItems.length} items a side), every id renamed`,
      seconds(median(compareRuns)),
      '',
    ]);
  } finally {
    await session.close();
  }

  // The batch's own documents, printed by Chromium alone before, between and after two runs of the batch: each
  // run is compared with the mean of the Chromium runs on either side of it (the machine's speed drifts by a
  // tenth over minutes), and the lower of the two ratios is reported.
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
  const runs: Array<{ ms: number; printing: number; built: number; ratio: number; fromFirstPrint: number }> = [];
  for (let round = 0; round < 2; round++) {
    const [ms, report] = await time(runBatch);
    const printing = performance.now() - firstPrint;
    chromiumRates.push(await chromiumRate(batchHtmls));
    const built = report.documents.filter((d) => d.status === 'built').length;
    const chromium = (chromiumRates[round]! + chromiumRates[round + 1]!) / 2;
    runs.push({ ms, printing, built, ratio: built / (ms / 1000) / chromium, fromFirstPrint: built / (printing / 1000) / chromium });
  }
  // Memory in a third run: sampling /proc takes a few per cent of the CPU the timed runs should have.
  const memory = peakMemory();
  await runBatch();
  const peak = memory.stop();
  const batch = runs.reduce((low, run) => (run.ratio < low.ratio ? run : low));
  rows.push([
    `Chromium alone: the batch's ${batchHtmls.length} final HTMLs, ${jobs} pages at once (before, between, after)`,
    '',
    `${chromiumRates.map((r) => r.toFixed(1)).join('; ')} docs/s`,
  ]);
  rows.push([
    `Batch: ${batch.built} tjänsteskrivelser (each 2 pages + the 7-page PDF bilaga), ${jobs} pages at once, the lower of two runs`,
    seconds(batch.ms),
    `${(batch.built / (batch.ms / 1000)).toFixed(1)} docs/s, ${(batch.ms / batch.built).toFixed(0)} ms/doc (${batch.ratio.toFixed(2)}× Chromium alone; ` +
      `${batch.fromFirstPrint.toFixed(2)}× from its first print on, ${((batch.ms - batch.printing) / 1000).toFixed(1)} s before it; ` +
      `the other run ${runs.find((run) => run !== batch)!.ratio.toFixed(2)}×)`,
  ]);
  rows.push([
    'Peak memory during the batch (a third run), node + Chromium (sum of PSS; sum of RSS)',
    `${(peak.pss / 2 ** 20).toFixed(0)} MiB`,
    `RSS sum ${(peak.rss / 2 ** 20).toFixed(0)} MiB`,
  ]);

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${'what'.padEnd(width)}  ${'time'.padStart(9)}  ratio / rate\n`);
  for (const [what, value, r] of rows) process.stdout.write(`${what.padEnd(width)}  ${value.padStart(9)}  ${r}\n`);
}

await main();
