import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { BuildOptions, DocumentResult } from './build.ts';
import { editionPdf, listEditions } from './editions/archive.ts';
import type { Fingerprints } from './editions/fingerprints.ts';
import { recordEdition, type PlannedEdition } from './editions/record.ts';
import type { Job } from './load/project.ts';
import { createMessage } from './messages/message.ts';
import type { BrowserSession } from './print/browser.ts';
import { startChromium } from './print/chromium.ts';
import type { PaginateOptions } from './print/paginate.ts';
import type { PrintPage } from './print/print-pdf.ts';
import type { BuildCache } from './publish/build-cache.ts';
import { lockOutput, tryLockOutput } from './publish/lock.ts';
import { writeAtomic } from './publish/write-atomic.ts';
import { TOTAL_PAGES, type Appendix, type DocumentMeta, type PageNumbers } from './view.ts';

// The printing half of a build: the browser, the queue of documents, and each document printed, finished, written and archived.
// Puppeteer and pdf-lib are loaded only here, and only when something is printed.

/** A document that passed validation, ready for the browser. */
export interface Ready {
  result: DocumentResult;
  render: (pages: PageNumbers) => string;
  meta: DocumentMeta;
  appendix: Appendix[];
  edition?: PlannedEdition;
  fileName: string;
  inputs: string;
  kind: Job['kind'];
  /** How much the document prints (the length of its view): longest first keeps both cores busy to the end. */
  size: number;
}

/** The output folder taken for this build, and the browser it prints with. */
export interface Printing {
  session: BrowserSession;
  release: () => Promise<void>;
}

/**
 * Takes the output folder (so two builds never interleave) and starts or
 * connects to the browser. When the folder is free, Chromium is started
 * before this returns: it boots while the sources are read and prepared.
 */
export function startPrinting(options: BuildOptions): Promise<Printing> {
  const printing = takeFolderAndBrowser(options);
  // Awaited only when something is to be printed; until then a failure to start is not an unhandled one.
  printing.catch(() => undefined);
  return printing;
}

async function takeFolderAndBrowser(options: BuildOptions): Promise<Printing> {
  // Up to the first await this runs at once, in the caller's turn: the folder is taken and Chromium spawned.
  let unlock = tryLockOutput(options.outDir);
  const started = unlock && !options.session && !(options.browserUrl ?? process.env.HANDLINGAR_BROWSER_URL) ? startChromium() : undefined;
  unlock ??= await lockOutput(options.outDir, options.lockWaitMs ?? 120_000);
  try {
    // Loaded here, so that a build with nothing to print never loads the browser and PDF libraries;
    // the PDF libraries load while Chromium starts.
    const { BrowserSession } = await import('./print/browser.ts');
    const opening = (options.session ?? (() => BrowserSession.open(options.browserUrl, started)))();
    opening.then((session) => session.warm(jobsOf(options)), () => undefined);
    await import('./print/print-document.ts');
    const session = await opening;
    return { session, release: async () => { if (!options.session) await session.close(); unlock(); } };
  } catch (error) {
    await started?.stop();
    unlock();
    throw error;
  }
}

/** The page numbers in the archived PDF of the document's edition (or of its newest edition), if there is one. */
async function archivedPages(document: Ready, editionsDir: string | undefined, newest: () => Map<string, string>): Promise<PageNumbers | undefined> {
  const edition = editionsDir && (document.edition?.archived ? document.edition.id : newest().get(document.fileName.replace(/\.pdf$/, '')));
  if (!edition) return undefined;
  try {
    const { readDestinations } = await import('./print/destinations.ts');
    const { doc, destinations } = await readDestinations(readFileSync(editionPdf(editionsDir, edition)));
    return document.appendix.length > 0 ? destinations.set(TOTAL_PAGES, doc.getPageCount()) : destinations;
  } catch {
    return undefined;
  }
}

function jobsOf(options: BuildOptions): number {
  return Math.max(1, options.jobs ?? defaultJobs());
}

/** Documents printed at once unless told: one more than the cores, so that Chromium has a page to print while Node finishes a document. */
export function defaultJobs(): number {
  return availableParallelism() + 1;
}

/** Prints, finishes and publishes the documents, a bounded number at once in one browser. */
export async function printAll(printing: Printing, ready: Ready[], cache: BuildCache, options: BuildOptions, tool: Fingerprints): Promise<void> {
  const { printQueue } = await import('./print/print-queue.ts');
  // Page numbers of the last document printed of each kind and set of PDF bilagor: a guess that saves a pass.
  const similar = new Map<string, PageNumbers>();
  const kindOf = (d: Ready) => `${d.kind}|${d.appendix.map((a) => a.file).join(',')}`;
  // The newest archived edition of each document, listed once (when a document first has no numbers of its own).
  let newest: Map<string, string> | undefined;
  const newestEditions = () => (newest ??= new Map(options.editionsDir ? listEditions(options.editionsDir).map((e) => [e.document, e.id]) : []));
  await printQueue(printing.session, ready, jobsOf(options), {
    started: (document, done, total) => options.onProgress?.(done, total, document.fileName),
    print: async (page, document, attempt) => {
      if (attempt > 1) document.result.messages = document.result.messages.filter((m) => m.ruleId !== 'print/failed');
      document.result.output = join(options.outDir, document.fileName);
      // The document's own numbers from the last build are the best guess, then those of its archived edition
      // (a fresh checkout), then those of a similar document.
      const guess = cache.pagesOf(document.fileName) ?? await archivedPages(document, options.editionsDir, newestEditions) ?? similar.get(kindOf(document));
      const found = (pages: PageNumbers) => { similar.set(kindOf(document), pages); };
      const printed = await printOne(page, document, options, { ...(guess && { guess }), found }, tool);
      if (!printed) return false;
      similar.set(kindOf(document), printed.pages);
      cache.record(document.fileName, document.inputs, printed.pdf, printed.pages);
      return true;
    },
    finished: (document, printed) => {
      if (!printed && !document.result.messages.some((m) => m.ruleId === 'print/failed')) {
        document.result.messages.push(createMessage(document.result.source, { line: 1, column: 1 }, 'print/failed', { error: 'Chromium stängdes och kunde inte startas igen' }));
      }
      options.onDocument?.(document.result);
    },
  });
}

/** Prints, finishes and writes one document; a failure (even a crashed page) fails only this document. Returns the PDF written and its page numbers. */
async function printOne(
  printer: PrintPage, document: Ready, { editionsDir, timeoutMs }: BuildOptions, numbers: PaginateOptions, tool: Fingerprints,
): Promise<{ pdf: Uint8Array; pages: PageNumbers } | undefined> {
  const { result } = document;
  try {
    const { printDocument } = await import('./print/print-document.ts');
    const { pdf, blocked, pages } = await printDocument(printer, document.render, document.meta, document.appendix, { ...numbers, ...(timeoutMs !== undefined && { timeoutMs }) });
    if (blocked.length > 0) result.messages.push(createMessage(result.source, { line: 1, column: 1 }, 'print/blocked-request', { urls: blocked }));
    await writeAtomic(result.output!, pdf);
    result.status = 'built';
    if (editionsDir && document.edition) {
      const message = recordEdition(editionsDir, document.edition, pdf, result.source, tool);
      if (message) result.messages.push(message);
    }
    return { pdf, pages };
  } catch (error) {
    result.messages.push(createMessage(result.source, { line: 1, column: 1 }, 'print/failed', { error: (error as Error).message }));
    delete result.output;
    return undefined;
  }
}
