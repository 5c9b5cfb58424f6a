// `npm run bench`: how close the pipeline comes to Chromium's own printing, on this machine.
// Prints a table; record the figures in docs/performance.md. Not a test: nothing here asserts.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../pipeline/build.ts';
import { loadProject, planJobs } from '../pipeline/load/project.ts';
import { defaultSourcesDir } from '../pipeline/paths.ts';
import { prepareDocument } from '../pipeline/prepare/prepare-document.ts';
import { launchBrowser } from '../pipeline/print/browser.ts';
import { readDestinations } from '../pipeline/print/destinations.ts';
import { PrintPage, printPdf } from '../pipeline/print/print-pdf.ts';
import { renderHtml } from '../pipeline/render/render-html.ts';
import { Validation } from '../pipeline/validate/validate-project.ts';

const jobs = availableParallelism();
const scratch = () => mkdtempSync(join(tmpdir(), 'handlingar-bench-'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Peak resident memory of this process and every Chromium process, sampled every 100 ms. */
function peakMemory(): { stop: () => number } {
  let peak = 0;
  const sample = () => {
    let total = process.memoryUsage().rss;
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        if (/^Name:\s*(chromium|chrome)/m.test(status)) total += Number(/VmRSS:\s*(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      } catch { /* gone */ }
    }
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, 100);
  return { stop: () => { clearInterval(timer); sample(); return peak; } };
}

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await f();
  return [performance.now() - start, result];
}

/** The final HTML of every real document (table of contents numbered), and Chromium alone printing it all. */
async function chromiumLimit(): Promise<number> {
  const project = loadProject(defaultSourcesDir);
  const validation = new Validation(project);
  const browser = await launchBrowser();
  try {
    const htmls: string[] = [];
    for (const job of planJobs(project)) {
      const { view } = prepareDocument(job, validation.inputs!);
      const first = renderHtml(job.kind, view);
      htmls.push(renderHtml(job.kind, view, (await readDestinations((await printPdf(browser, first)).pdf)).destinations));
    }
    const pages = await Promise.all(Array.from({ length: jobs }, () => PrintPage.open(browser)));
    const [ms] = await time(async () => {
      const queue = [...htmls];
      await Promise.all(pages.map(async (page) => {
        for (let html = queue.shift(); html; html = queue.shift()) await page.print(html);
      }));
    });
    return ms;
  } finally {
    await browser.close();
  }
}

/** Chromium alone printing the final HTML of one tjänsteskrivelse 100 times, `jobs` pages at once: its throughput for the batch's documents. */
async function chromiumBatchRate(): Promise<number> {
  const project = loadProject(defaultSourcesDir);
  const validation = new Validation(project);
  const job = planJobs(project).find((j) => j.source.path.endsWith('tyreso.yaml'))!;
  const { view } = prepareDocument(job, validation.inputs!);
  const html = renderHtml(job.kind, view);
  const browser = await launchBrowser();
  try {
    const pages = await Promise.all(Array.from({ length: jobs }, () => PrintPage.open(browser)));
    let left = 100;
    const [ms] = await time(() => Promise.all(pages.map(async (page) => {
      while (left-- > 0) await page.print(html);
    })));
    return 100 / (ms / 1000);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const rows: Array<[string, string, string]> = [];
  const limit = await chromiumLimit();
  rows.push(['Chromium alone, final HTML of all 11 documents', seconds(limit), '1.00×']);

  const out = scratch();
  const [cold] = await time(() => build({ sourcesDir: defaultSourcesDir, outDir: out, force: true }));
  rows.push(['Full build of sources/, cold (browser start included)', seconds(cold), `${(cold / limit).toFixed(2)}×`]);
  const [warm] = await time(() => build({ sourcesDir: defaultSourcesDir, outDir: out, force: true }));
  rows.push(['Full build of sources/, again (--force)', seconds(warm), `${(warm / limit).toFixed(2)}×`]);
  const [idle] = await time(() => build({ sourcesDir: defaultSourcesDir, outDir: out }));
  rows.push(['Build with nothing to do (in process)', `${idle.toFixed(0)} ms`, '']);

  // About 500 tjänsteskrivelser from the real ärende, with varied municipality data.
  const sources = join(scratch(), 'sources');
  cpSync(defaultSourcesDir, sources, { recursive: true });
  // 63 copies of the ärende, each with the eight municipalities' drafts: 504 documents with distinct names.
  const dir = join(sources, 'tjansteskrivelse', 'sup-2040');
  const arende = readFileSync(join(dir, 'arende.yaml'), 'utf8');
  const drafts = readdirSync(dir).filter((f) => f !== 'arende.yaml').map((f) => readFileSync(join(dir, f), 'utf8'));
  for (let n = 0; n < 63; n++) {
    const copy = join(sources, 'tjansteskrivelse', `serie-${n}`);
    mkdirSync(copy, { recursive: true });
    writeFileSync(join(copy, 'arende.yaml'), arende.replace('id: sup-2040', `id: serie-${n}`));
    drafts.forEach((draft, k) => writeFileSync(join(copy, `${k}.yaml`), draft
      .replace('arende: sup-2040', `arende: serie-${n}`)
      .replace('2023/KS 0063 005', `2023/KS ${String(1000 + n)} 00${k}`)));
  }
  const batchOut = scratch();
  const memory = peakMemory();
  const [batch, report] = await time(() => build({ sourcesDir: sources, outDir: batchOut, force: true, paths: [join(sources, 'tjansteskrivelse')].map((p) => p) }));
  const peak = memory.stop();
  const built = report.documents.filter((d) => d.status === 'built').length;
  const chromiumRate = await chromiumBatchRate();
  const rate = built / (batch / 1000);
  rows.push([`Chromium alone, one tjänsteskrivelse's HTML 100 times`, '', `${chromiumRate.toFixed(1)} docs/s`]);
  rows.push([`Batch of tjänsteskrivelser (${built} built, ${jobs} pages at once)`, seconds(batch), `${rate.toFixed(1)} docs/s (${(rate / chromiumRate).toFixed(2)}× Chromium), ${(batch / built).toFixed(0)} ms/doc`]);
  rows.push(['Peak memory during the batch (node + Chromium)', `${(peak / 2 ** 20).toFixed(0)} MiB`, '']);

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${'what'.padEnd(width)}  ${'time'.padStart(9)}  ratio / rate\n`);
  for (const [what, value, ratio] of rows) process.stdout.write(`${what.padEnd(width)}  ${value.padStart(9)}  ${ratio}\n`);
}

await main();
