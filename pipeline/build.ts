import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import { availableParallelism } from 'node:os';
import { sha256 } from './editions/archive.ts';
import { fingerprints } from './editions/fingerprints.ts';
import { contentHash, planEdition, recordEdition, type PlannedEdition } from './editions/record.ts';
import { BuildCache } from './publish/build-cache.ts';
import { lockOutput } from './publish/lock.ts';
import { documentTypes, loadProject, planJobs, selects, type Job, type Unreadable } from './load/project.ts';
import { createMessage, hasErrors, type Message } from './messages/message.ts';
import { prepareDocument } from './prepare/prepare-document.ts';
import { closeBrowser, openBrowser } from './print/browser.ts';
import { printDocument } from './print/print-document.ts';
import { PrintPage } from './print/print-pdf.ts';
import { writeAtomic } from './publish/write-atomic.ts';
import { countFillIns } from './render/inline.ts';
import { renderHtml } from './render/render-html.ts';
import { Validation } from './validate/validate-project.ts';
import type { Appendix, DocumentMeta, PageNumbers } from './view.ts';

export interface BuildOptions {
  sourcesDir: string;
  outDir: string;
  /** Build only the documents these files or folders are, or depend on. */
  paths?: readonly string[];
  /** Where editions are archived; no archiving when not given. */
  editionsDir?: string;
  /** Rebuild documents even when nothing they depend on changed. */
  force?: boolean;
  /** How many documents to print at once in the one browser (default: the number of cores). */
  jobs?: number;
  /** Connect to a running browser (DevTools protocol) instead of starting one. */
  browserUrl?: string;
  /** How long to wait for another build writing to the same output folder (default two minutes). */
  lockWaitMs?: number;
  /** How long one document's loading and printing may take before it fails (default a minute). */
  timeoutMs?: number;
  /** Called after each document, for progress output. */
  onDocument?: (result: DocumentResult) => void;
  /** Called when a document starts printing: how many are done, of how many, and which. */
  onProgress?: (done: number, total: number, current: string) => void;
}

/** What became of one document. */
export interface DocumentResult {
  source: string;
  output?: string;
  /** Built now; up to date (nothing it depends on changed, so not printed again); or failed. */
  status: 'built' | 'current' | 'failed';
  messages: Message[];
  /** Fields still to be filled in (tjänsteskrivelse drafts). */
  fillIns: number;
  /** The edition the document is, when editions are archived. */
  edition?: string;
}

/** What a build did, per document; plus files that could not be read at all. */
export interface BuildReport {
  documents: DocumentResult[];
  unreadable: Unreadable[];
}

/** The build's browser; if it dies, one new browser is started (or connected to) for the documents left. */
class BrowserSession {
  private recovering: Promise<boolean> | undefined;
  private restarts = 0;

  private constructor(private browser: Browser, private readonly url: string | undefined) {}

  static async open(url: string | undefined): Promise<BrowserSession> {
    return new BrowserSession(await openBrowser(url), url);
  }

  alive(): boolean {
    return this.browser.connected;
  }

  newPage(): Promise<PrintPage> {
    return PrintPage.open(this.browser);
  }

  /** Starts a new browser when this one died; true when there is a live browser to print with. */
  recover(): Promise<boolean> {
    if (this.alive()) return Promise.resolve(true);
    this.recovering ??= (async () => {
      if (this.restarts++ > 0) return false;
      try {
        this.browser = await openBrowser(this.url);
        return true;
      } catch {
        return false;
      } finally {
        this.recovering = undefined;
      }
    })();
    return this.recovering;
  }

  async close(): Promise<void> {
    if (this.alive()) await closeBrowser(this.browser, this.url);
  }
}

async function closeQuietly(page: PrintPage | undefined): Promise<undefined> {
  await page?.close();
  return undefined;
}

/** Documents a page prints before it is closed and a fresh one opened. */
const RENEW_PAGE_AFTER = 40;

/** A document that passed validation, ready for the browser. */
interface Ready {
  result: DocumentResult;
  render: (pages: PageNumbers) => string;
  meta: DocumentMeta;
  appendix: Appendix[];
  edition?: PlannedEdition;
  fileName: string;
  inputs: string;
  kind: Job['kind'];
}

/**
 * Builds documents: load → validate → prepare → render → print → finish → publish,
 * and records each edition. A document with errors stops alone; the others are
 * built. A PDF is written whole or not at all, so a failed build keeps the
 * previous good one.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const project = loadProject(options.sourcesDir);
  const validation = new Validation(project);
  const within = selects(options.paths ?? []);
  // A document whose file cannot even be parsed still counts as a document that failed.
  const broken = project.unreadable.filter((u) => documentTypes.includes(u.declaredType ?? '') && within(u.absolutePath));
  const documents: DocumentResult[] = broken.map((u) => ({ source: u.path, status: 'failed', messages: u.messages, fillIns: 0 }));
  const names = new Map<string, string>();
  const cache = new BuildCache(options.outDir);
  const tool = fingerprints();
  const ready: Ready[] = [];
  for (const job of planJobs(project, options.paths)) {
    const result: DocumentResult = { source: job.source.path, status: 'failed', messages: validation.messagesForJob(job), fillIns: 0 };
    documents.push(result);
    const prepared = hasErrors(result.messages) || !validation.inputs ? undefined : prepare(job, validation, names, options, result, tool);
    if (!prepared) continue;
    if (!options.force && cache.isCurrent(prepared.fileName, prepared.inputs)) result.status = 'current';
    else ready.push(prepared);
  }
  documents.filter((d) => !ready.some((r) => r.result === d)).forEach((d) => options.onDocument?.(d));
  if (ready.length > 0) {
    const unlock = await lockOutput(options.outDir, options.lockWaitMs ?? 120_000);
    // One browser for the whole build; a bounded number of documents print at once in it.
    const session = await BrowserSession.open(options.browserUrl).catch((error: unknown) => { unlock(); throw error; });
    try {
      const queue = [...ready];
      let done = 0;
      // Page numbers of the last document printed of each kind and set of PDF bilagor: a guess that saves a pass.
      const guesses = new Map<string, PageNumbers>();
      const worker = async () => {
        // Each worker reuses one page; a page that failed is replaced, so one crash fails one document,
        // and every few dozen documents the page is renewed, so its memory does not grow without end.
        let page: PrintPage | undefined;
        let printed = 0;
        for (let document = queue.shift(); document; document = queue.shift()) {
          options.onProgress?.(done, ready.length, document.fileName);
          let pdf: Uint8Array | undefined;
          for (let attempt = 1; attempt <= 2 && !pdf; attempt++) {
            page ??= await session.newPage().catch(() => undefined);
            document.result.output = join(options.outDir, document.fileName);
            if (page) pdf = await printOne(page, document, options, guesses, tool);
            if (pdf) break;
            page = await closeQuietly(page);
            // Printed again only when the browser itself died and a new one could be started.
            if (session.alive() || !(await session.recover())) break;
            document.result.messages = document.result.messages.filter((m) => m.ruleId !== 'print/failed');
          }
          if (!pdf && !document.result.messages.some((m) => m.ruleId === 'print/failed')) {
            document.result.messages.push(createMessage(document.result.source, { line: 1, column: 1 }, 'print/failed', { error: 'Chromium stängdes och kunde inte startas igen' }));
          }
          if (pdf && ++printed % RENEW_PAGE_AFTER === 0) page = await closeQuietly(page);
          done++;
          if (pdf) cache.record(document.fileName, document.inputs, pdf);
          options.onDocument?.(document.result);
        }
        await page?.close();
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(ready.length, options.jobs ?? availableParallelism())) }, worker));
      await cache.save();
    } finally {
      await session.close();
      unlock();
    }
  }
  const unreadable = project.unreadable.filter((u) => !broken.includes(u) && (within(u.absolutePath) || !documentTypes.includes(u.declaredType ?? '')));
  return { documents, unreadable };
}

function prepare(
  job: Job, validation: Validation, names: Map<string, string>, options: BuildOptions, result: DocumentResult, tool: ReturnType<typeof fingerprints>,
): Ready | undefined {
  const { view, fileName, appendix } = prepareDocument(job, validation.inputs!);
  const clash = names.get(fileName);
  if (clash) {
    result.messages.push(createMessage(job.source.path, { line: 1, column: 1 }, 'output/name-clash', { fileName, other: clash }));
    return undefined;
  }
  names.set(fileName, job.source.path);
  // What the document prints, hashed once: its edition's identity and, with the tool's fingerprints, its build-cache key.
  const content = contentHash(view, appendix);
  let edition: PlannedEdition | undefined;
  if (options.editionsDir) {
    const planned = planEdition(options.editionsDir, options.sourcesDir, job, fileName.replace(/\.pdf$/, ''), content, appendix);
    if (planned.message) {
      result.messages.push(planned.message);
      return undefined;
    }
    edition = planned.edition;
    result.edition = edition!.id;
  }
  result.output = join(options.outDir, fileName);
  result.fillIns = countFillIns(job.source.data);
  const inputs = sha256(`${content}|${tool.templates}|${tool.fonts}|${tool.tool}`);
  return { result, render: (pages) => renderHtml(job.kind, view, pages), meta: view.meta, appendix, fileName, inputs, kind: job.kind, ...(edition && { edition }) };
}

/** Prints, finishes and writes one document; a failure (even a crashed page) fails only this document. Returns the PDF written. */
async function printOne(
  printer: PrintPage, document: Ready, { editionsDir, timeoutMs }: BuildOptions, guesses: Map<string, PageNumbers>,
  tool: ReturnType<typeof fingerprints>,
): Promise<Uint8Array | undefined> {
  const { result } = document;
  const similar = `${document.kind}|${document.appendix.map((a) => a.file).join(',')}`;
  try {
    const { pdf, blocked, pages } = await printDocument(printer, document.render, document.meta, document.appendix, guesses.get(similar), timeoutMs);
    guesses.set(similar, pages);
    if (blocked.length > 0) result.messages.push(createMessage(result.source, { line: 1, column: 1 }, 'print/blocked-request', { urls: blocked }));
    await writeAtomic(result.output!, pdf);
    result.status = 'built';
    if (editionsDir && document.edition) {
      const message = recordEdition(editionsDir, document.edition, pdf, result.source, tool);
      if (message) result.messages.push(message);
    }
    return pdf;
  } catch (error) {
    result.messages.push(createMessage(result.source, { line: 1, column: 1 }, 'print/failed', { error: (error as Error).message }));
    delete result.output;
    return undefined;
  }
}
