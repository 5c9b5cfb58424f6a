import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { editionPdf, listEditions } from '../archive/editions.ts';
import { type PlannedEdition, recordEdition } from '../archive/record.ts';
import { keep, keptJson } from '../core/compiled-cache.ts';
import { readChecked } from '../core/files.ts';
import type { Fingerprints } from '../core/fingerprints.ts';
import { createMessage, defineRule, type Message, MessageError } from '../core/message.ts';
import type { DocumentKind } from '../core/model.ts';
import { type Appendix, type DocumentMeta, type PageNumbers, TOTAL_PAGES } from '../core/view.ts';
import type { AppendixPdf } from '../finish/append-bilagor.ts';
import type { BrowserSession } from '../print/browser.ts';
import { startChromium } from '../print/chromium.ts';
import type { PaginateOptions } from '../print/paginate.ts';
import { blockedRequest, type PrintPage } from '../print/print-page.ts';
import { type BuildCache, pageNumbersOf } from '../publish/build-cache.ts';
import { lockOutput, tryLockOutput } from '../publish/lock.ts';
import { writeAtomic } from '../publish/write-atomic.ts';

// The printing half of a build: the browser, the queue of documents, and each document printed, finished, published and archived.
// Puppeteer and pdf-lib are loaded only here, and only when something is printed.

const failed = defineRule<{ error: string }>('print/failed', 'error', {
  sv: ({ error }) => ({ reason: `PDF:en kunde inte skapas: ${error}`, fix: 'Försök igen; om felet består, rapportera det.' }),
  en: ({ error }) => ({ reason: `The PDF could not be made: ${error}`, fix: 'Try again; if it persists, report it.' }),
});

const browserGone = defineRule('print/browser-gone', 'error', {
  sv: () => ({
    reason: 'PDF:en kunde inte skapas: Chromium stängdes mitt i bygget och kunde inte startas igen.',
    fix: 'Bygg igen; om det händer igen, se efter om datorn har slut på minne.',
  }),
  en: () => ({
    reason: 'The PDF could not be made: Chromium closed during the build and could not be started again.',
    fix: 'Build again; if it happens again, check whether the machine is out of memory.',
  }),
});

/** A document that passed validation and is to be printed: what it prints, and where it goes. */
export interface DocumentToPrint {
  /** Its main source, as messages name it. */
  source: string;
  kind: DocumentKind;
  /** Where its PDF is written, and that file's name (the build cache's key). */
  output: string;
  fileName: string;
  render: (pages: PageNumbers) => string;
  meta: DocumentMeta;
  appendix: Appendix[];
  /** The documents of the project it attaches (`dokument:`): printed before it, their PDFs appended. */
  attached: DocumentToPrint[];
  /** A hash of what it prints (see contentHash). */
  content: string;
  /** Its PDF bilagor, and those of the documents it attaches: an edition keeps them. */
  bilagaFiles: string[];
  edition?: PlannedEdition;
  /** A hash of everything that goes into the PDF. */
  inputs: string;
  /** How much the document prints (the length of its view): longest first keeps both cores busy to the end. */
  size: number;
}

/** What became of printing one document: whether its PDF was written, and what was said on the way. */
export interface PrintOutcome {
  built: boolean;
  messages: Message[];
}

/** How the printing half is set up: where it writes, the browser, and how long a document may take. */
export interface PrintOptions {
  outDir: string;
  /**
   * The archive of editions: read, so that no build puts other content in
   * the place of a final edition's PDF; and written to, unless `archive` is
   * false (`--no-archive`, the preview).
   */
  editionsDir?: string;
  archive?: boolean;
  /** How many documents to print at once in each browser (default: one more than the cores). */
  jobs?: number;
  /**
   * Running browsers to print with (DevTools protocol: http(s):// or ws(s)://,
   * a query kept; several comma-separated or listed, a farm); else one is started.
   */
  browserUrl?: string | readonly string[];
  /** A browser the caller keeps open across builds; the build does not close it. */
  session?: () => Promise<BrowserSession>;
  /** How long to wait for another build writing to the same output folder. */
  lockWaitMs?: number;
  /** How long one document's loading and printing may take. */
  timeoutMs?: number;
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
export function startPrinting(options: PrintOptions): Promise<Printing> {
  const printing = takeFolderAndBrowser(options);
  // Awaited only when something is to be printed; until then a failure to start is not an unhandled one.
  printing.catch(() => undefined);
  return printing;
}

async function takeFolderAndBrowser(options: PrintOptions): Promise<Printing> {
  // Up to the first await this runs at once, in the caller's turn: the folder is taken and Chromium spawned.
  let unlock = tryLockOutput(options.outDir);
  const started = unlock && !options.session && !browserUrlOf(options) ? startChromium() : undefined;
  unlock ??= await lockOutput(options.outDir, options.lockWaitMs ?? 120_000);
  try {
    // Loaded here, so that a build with nothing to print never loads the browser library; the PDF library
    // is loaded while Chromium prints the first document (see printOne).
    const { BrowserSession } = await import('../print/browser.ts');
    const opening = (options.session ?? (() => BrowserSession.open(browserUrlOf(options), started, connectTimeout(options))))();
    // One page opened ahead, for the first document; the others once it is known how many documents there are (pagesFor).
    opening.then(
      (session) => session.warm(1),
      () => undefined,
    );
    const session = await opening;
    return {
      session,
      release: async () => {
        if (!options.session) await session.close();
        unlock();
      },
    };
  } catch (error) {
    await started?.stop();
    unlock();
    throw error;
  }
}

/** The browser services asked for, if any: the option, else $HANDLINGAR_BROWSER_URL. */
function browserUrlOf(options: PrintOptions): string | readonly string[] | undefined {
  const given = options.browserUrl ?? process.env.HANDLINGAR_BROWSER_URL;
  return given !== undefined && given.length > 0 ? given : undefined;
}

/**
 * How long the browser may take to answer when it is started or connected to:
 * the time a document may take (--timeout), but never less than ten seconds,
 * which a Chromium starting on a busy machine can need.
 */
function connectTimeout(options: PrintOptions): number {
  return Math.max(options.timeoutMs ?? 60_000, 10_000);
}

/**
 * Opens ahead, in each browser, the pages its share of `documents` documents
 * will print on, no more than print at once: a page not printed on costs a
 * renderer's start, memory and CPU the others need (a plan alone prints on
 * one page).
 */
export function pagesFor(printing: Printing, documents: number, options: PrintOptions): void {
  printing.session.warm(Math.min(jobsOf(options), Math.ceil(documents / Math.max(1, printing.session.browsers))));
}

/** How many documents are printed at once in each browser: as asked, but never more than the machine can run (each is a renderer process). */
function jobsOf(options: PrintOptions): number {
  return Math.min(Math.max(1, options.jobs ?? defaultJobs()), maxJobs());
}

/** The most pages printing at once: twice the cores, and one more. */
export function maxJobs(): number {
  return 2 * availableParallelism() + 1;
}

/** Documents printed at once unless told: one more than the cores, so that Chromium has a page to print while Node finishes a document. */
export function defaultJobs(): number {
  return availableParallelism() + 1;
}

/** What printing tells its caller as it goes. */
export interface PrintHooks {
  /** A document starts printing: how many are done, of how many. */
  started?: (document: DocumentToPrint, done: number, total: number) => void;
  /** A document is done, printed or not. */
  finished: (document: DocumentToPrint, outcome: PrintOutcome) => void;
  /** A document went to Chromium to print (its first pass). */
  sent?: () => void;
}

/**
 * Prints, finishes, publishes and archives the documents, a bounded number
 * at once in each browser, longest first. Each is first printed with the page
 * numbers it had last time, or in its archived edition, or in a similar
 * document just printed. A failure of one document, a crashed page
 * included, fails only that document.
 */
export async function printDocuments(
  printing: Printing,
  documents: readonly DocumentToPrint[],
  cache: BuildCache,
  options: PrintOptions,
  tool: Fingerprints,
  hooks: PrintHooks,
): Promise<void> {
  const { printQueue } = await import('../print/print-queue.ts');
  // Page numbers of the last document printed of each kind and set of PDF bilagor: a guess that saves a pass.
  const similar = new Map<string, PageNumbers>();
  const kindOf = (d: DocumentToPrint) => `${d.kind}|${d.appendix.map((a) => a.file).join(',')}`;
  // The newest archived edition of each document, listed once (when a document first has no numbers of its own).
  let newest: Map<string, string> | undefined;
  const newestEditions = () => (newest ??= new Map(options.editionsDir ? listEditions(options.editionsDir).map((e) => [e.document, e.id]) : []));
  const outcomes = new Map<DocumentToPrint, PrintOutcome>();
  const longestFirst = [...documents].sort((a, b) => b.size - a.size);
  await printQueue(printing.session, longestFirst, jobsOf(options), {
    started: (document, done, total) => hooks.started?.(document, done, total),
    print: async (page, document) => {
      // The document's own numbers from the last build are the best guess, then those it had when printed with the same
      // inputs into another output folder, then those of its archived edition (a fresh checkout), then those of a similar document.
      const guess =
        cache.pagesOf(document.fileName) ??
        keptPages(document.inputs) ??
        (await archivedPages(document, options.editionsDir, newestEditions)) ??
        similar.get(kindOf(document));
      const found = (pages: PageNumbers) => {
        similar.set(kindOf(document), pages);
      };
      const outcome = await printOne(page, document, options, { ...(guess && { guess }), found, ...(hooks.sent && { sent: hooks.sent }) }, tool);
      outcomes.set(document, outcome.outcome);
      if (!outcome.pdf) return false;
      similar.set(kindOf(document), outcome.pages);
      cache.record(document.fileName, document.inputs, outcome.pdf, outcome.pages);
      if (outcome.pages.size > 0) keep('pages', `${document.inputs}.json`, JSON.stringify([...outcome.pages]));
      return true;
    },
    finished: (document) => {
      const place = { file: document.source, line: 1, column: 1 };
      hooks.finished(document, outcomes.get(document) ?? { built: false, messages: [createMessage(browserGone, {}, place)] });
    },
  });
}

/**
 * The page numbers a document with these inputs printed with, in any output
 * folder of this checkout (kept in the compiled cache as each is printed): a
 * build into a new folder (`--out`) then prints a table of contents once
 * instead of a draft and a print. Only a guess: the print checks it.
 */
function keptPages(inputs: string): PageNumbers | undefined {
  return pageNumbersOf(keptJson('pages', `${inputs}.json`));
}

const MAX_ARCHIVED_PDF_BYTES = 200 * 1024 * 1024;

/** The page numbers in the archived PDF of the document's edition (or of its newest edition), if there is one. */
async function archivedPages(document: DocumentToPrint, editionsDir: string | undefined, newest: () => Map<string, string>): Promise<PageNumbers | undefined> {
  const edition = editionsDir && (document.edition?.archived ? document.edition.id : newest().get(document.fileName.replace(/\.pdf$/, '')));
  if (!edition) return undefined;
  try {
    const { readDestinations } = await import('../print/destinations.ts');
    // Only a regular file inside the archive, of a sane size: a pipe or a link out is no guess (and would hang the build).
    const read = readChecked(editionPdf(editionsDir, edition), editionsDir, MAX_ARCHIVED_PDF_BYTES);
    if ('problem' in read) return undefined;
    const { doc, destinations } = await readDestinations(read.bytes);
    return document.appendix.length > 0 ? destinations.set(TOTAL_PAGES, doc.getPageCount()) : destinations;
  } catch {
    return undefined;
  }
}

/** Reads the PDF bilagor of a document, prepared for appending, with their page counts. */
export async function readAppendix(appendix: readonly Appendix[]): Promise<Array<AppendixPdf & { pages: number }>> {
  if (appendix.length === 0) return [];
  const { readBilaga } = await import('../finish/append-bilagor.ts');
  return Promise.all(
    appendix.map(async (a) => {
      const bilaga = await readBilaga(await readFile(a.file));
      return { label: a.label, title: a.title, anchor: a.anchor, ...bilaga, pages: bilaga.doc.getPageCount() };
    }),
  );
}

/**
 * One document through the stages after render: print (Chromium), finish
 * (pdf-lib), publish (written whole or not at all) and archive (its
 * edition). A failure, even a crashed page, fails only this document.
 */
async function printOne(
  printer: PrintPage,
  document: DocumentToPrint,
  { editionsDir, archive, timeoutMs }: PrintOptions,
  numbers: PaginateOptions,
  tool: Fingerprints,
): Promise<{ outcome: PrintOutcome; pdf?: Uint8Array; pages: PageNumbers }> {
  const place = { file: document.source, line: 1, column: 1 };
  const messages: Message[] = [];
  try {
    const { printDocument } = await import('../print/print-document.ts');
    const bilagor = await readAppendix(document.appendix);
    // The finishing code (pdf-lib) is loaded once the document went to Chromium, while it prints.
    let finishing: Promise<[typeof import('../finish/finish-pdf.ts'), typeof import('../finish/clean-outline.ts')]> | undefined;
    const load = () => (finishing ??= Promise.all([import('../finish/finish-pdf.ts'), import('../finish/clean-outline.ts')]));
    const sent = () => {
      load().catch(() => undefined);
      numbers.sent?.();
    };
    const printed = await printDocument(printer, document.render, bilagor, document.meta.draft, {
      ...numbers,
      sent,
      ...(timeoutMs !== undefined && { timeoutMs }),
    });
    const [{ finishPdf }, { headingsOf }] = await load();
    if (printed.blocked.length > 0) messages.push(createMessage(blockedRequest, { urls: printed.blocked }, place));
    const pdf = await finishPdf(printed.doc, document.meta, headingsOf(printed.html), bilagor, printed.stamps);
    await writeAtomic(document.output, pdf);
    if (editionsDir && archive !== false && document.edition) {
      const message = recordEdition(editionsDir, document.edition, pdf, document.source, tool, printer.browserVersion);
      if (message) messages.push(message);
    }
    return { outcome: { built: true, messages }, pdf, pages: printed.pages };
  } catch (error) {
    const message = error instanceof MessageError ? { ...error.report, ...place } : createMessage(failed, { error: (error as Error).message }, place);
    return { outcome: { built: false, messages: [...messages, message] }, pages: new Map() };
  }
}

/**
 * Prints one rendering alone (the comparison report) through the same print,
 * finish and publish stages as a build: a browser started for it, the PDF
 * finished and written to `output` whole or not at all.
 */
export async function printStandalone(html: string, meta: DocumentMeta, output: string): Promise<void> {
  const { BrowserSession } = await import('../print/browser.ts');
  const { printDocument } = await import('../print/print-document.ts');
  const { finishPdf } = await import('../finish/finish-pdf.ts');
  const { headingsOf } = await import('../finish/clean-outline.ts');
  const session = await BrowserSession.open();
  try {
    const printed = await printDocument(await session.newPage(), () => html, [], meta.draft);
    await writeAtomic(output, await finishPdf(printed.doc, meta, headingsOf(printed.html)));
  } finally {
    await session.close();
  }
}
