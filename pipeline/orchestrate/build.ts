import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contentHash } from '../archive/record.ts';
import { type Fingerprints, fingerprints } from '../core/fingerprints.ts';
import { hashTree, sha256 } from '../core/hash.ts';
import type { Message } from '../core/message.ts';
import type { DocumentKind } from '../core/model.ts';
import { isDocumentKind } from '../load/project.ts';
import { BuildCache } from '../publish/build-cache.ts';
import { lockOutput, tryLockOutput } from '../publish/lock.ts';
import { renderHtml } from '../render/render-html.ts';
import { writeCompanions } from './companions.ts';
import { INDEX_HTML, indexPresent, writeIndex } from './document-index.ts';
import { type PlannedDocument, type ProjectPlan, planProject } from './plan.ts';
import { type DocumentToPrint, type Printing, type PrintOptions, printDocuments, startPrinting } from './print-documents.ts';
import { type BuildReport, type DocumentResult, describeDocument, describeUnreadable } from './report.ts';

export interface BuildOptions extends PrintOptions {
  sourcesDir: string;
  /** Build only the documents these files or folders are, or depend on. */
  paths?: readonly string[];
  /** Rebuild documents even when nothing they depend on changed. */
  force?: boolean;
  /** Called after each document, for progress output. */
  onDocument?: (result: DocumentResult) => void;
  /** Called when a document starts printing: how many are done, of how many, and which. */
  onProgress?: (done: number, total: number, current: string) => void;
}

export type { BuildReport, DocumentResult } from './report.ts';

/**
 * Builds documents: load → validate → prepare (planProject), then render →
 * print → finish → publish → archive for each document whose inputs changed
 * (printDocuments). A document with errors stops alone; the others are
 * built. A PDF is written whole or not at all, so a failed build keeps the
 * previous good one.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const cache = new BuildCache(options.outDir);
  const tool = fingerprints();
  // Nothing read has changed since the last build and its PDFs are untouched: its answer holds, and no source is read.
  const asked = { paths: options.paths ?? [], editionsDir: options.editionsDir, archive: options.archive !== false };
  const state = buildState(options.sourcesDir, cache.outsideFiles(), tool, options.editionsDir, asked);
  const last = options.force ? undefined : cache.lastReport<BuildReport>(state);
  const whole = asked.paths.length === 0;
  if (last) {
    for (const d of last.documents) options.onDocument?.(d);
    // The build that made this report wrote its index; one deleted since is written again (rendering it costs more than the rest of this answer).
    if (!indexPresent(options.outDir)) await underLock(undefined, options.outDir, () => writeIndex(last, options.sourcesDir, options.outDir, whole));
    return withIndex(last, options.outDir);
  }
  // The browser starts while sources are read and documents prepared: at once when everything is to be printed, else at the first document that is not up to date.
  let printing = options.force || cache.isEmpty() ? startPrinting(options) : undefined;
  const plan = await planProject(options.sourcesDir, options.paths, { ...(options.editionsDir && { editionsDir: options.editionsDir }) });
  // A document whose file cannot even be parsed still counts as a document that failed.
  const broken = plan.unreadable.filter((u) => isDocumentKind(u.declaredType) && plan.within(u.absolutePath));
  const documents = broken.map((u) => describeUnreadable(u, u.declaredType as DocumentKind));
  try {
    const { toPrint, outside, valid } = await sortOut(plan, documents, options, tool, cache, () => {
      printing ??= startPrinting(options);
    });
    // The printing holds the output folder from here on; files beside the PDFs are written under that hold.
    const printer = toPrint.size > 0 ? await printing! : undefined;
    await writeBeside(valid, options.outDir, printer !== undefined);
    const printed = new Set(toPrint.values());
    for (const d of documents) if (!printed.has(d)) options.onDocument?.(d);
    if (printer) {
      await printDocuments(printer, [...toPrint.keys()], cache, options, tool, {
        started: (document, done, total) => options.onProgress?.(done, total, document.fileName),
        finished: (document, outcome) => {
          const result = toPrint.get(document)!;
          result.messages.push(...outcome.messages);
          result.status = outcome.built ? 'built' : 'failed';
          if (!outcome.built) delete result.output;
          options.onDocument?.(result);
        },
      });
    }
    const unreadable = plan.unreadable.filter((u) => !broken.includes(u) && (plan.within(u.absolutePath) || !isDocumentKind(u.declaredType)));
    const report = { documents, unreadable };
    const sameOutside = [...outside].sort().join('\n') === cache.outsideFiles().sort().join('\n');
    if (sameOutside) cache.rememberReport(state, [...outside].sort(), asLastReport(report));
    await underLock(printing, options.outDir, async () => {
      await writeIndex(report, options.sourcesDir, options.outDir, whole);
      await cache.save();
    });
    return withIndex(report, options.outDir);
  } finally {
    await printing?.then(release, ignore);
  }
}

/** The report with the index the output folder has (written now, or by another build that holds the folder). */
function withIndex(report: BuildReport, outDir: string): BuildReport {
  const index = join(outDir, INDEX_HTML);
  return existsSync(index) ? { ...report, index } : report;
}

const release = (printing: Printing) => printing.release();
const ignore = () => undefined;

/**
 * Takes the planned documents one at a time (giving the starting browser a
 * turn every few milliseconds), adds each one's result to `documents`, and
 * sorts out those to print: valid, with an edition that may be built, and
 * not up to date. `startBrowser` is called at the first such document.
 * Also says which files outside the sources folder they read.
 */
async function sortOut(
  plan: ProjectPlan,
  documents: DocumentResult[],
  options: BuildOptions,
  tool: Fingerprints,
  cache: BuildCache,
  startBrowser: () => void,
): Promise<{ toPrint: Map<DocumentToPrint, DocumentResult>; outside: Set<string>; valid: Valid[] }> {
  const toPrint = new Map<DocumentToPrint, DocumentResult>();
  const outside = new Set<string>();
  const valid: Valid[] = [];
  let turn = performance.now();
  for (const planned of plan.documents()) {
    if (performance.now() - turn > 5) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
    const result = describeDocument(planned);
    documents.push(result);
    const document = planned.prepared && readyToPrint(planned, options, tool, result);
    if (!document) continue;
    for (const a of document.appendix) if (relative(options.sourcesDir, a.file).startsWith('..')) outside.add(a.file);
    // A document whose edition is not in the archive yet (its archiving failed last time) is built again, and archived.
    const toArchive = options.archive !== false && document.edition !== undefined && !document.edition.archived;
    const current = !options.force && !toArchive && cache.isCurrent(document.fileName, document.inputs);
    valid.push({ planned, document, result, current });
    if (current) {
      result.status = 'current';
      continue;
    }
    toPrint.set(document, result);
    startBrowser();
  }
  return { toPrint, outside, valid };
}

/** A document that passed validation, what it prints, and its result so far. */
interface Valid {
  planned: PlannedDocument;
  document: DocumentToPrint;
  result: DocumentResult;
  /** Up to date: not printed again, and the files beside its PDF kept where they are. */
  current: boolean;
}

/**
 * Writes the files beside each valid document's PDF (companions.ts) while
 * this build holds the output folder: the printing's hold, or, when nothing
 * is printed, one taken for the moment. A folder another build holds is left
 * to that build, as the cache is (saveCache).
 */
async function writeBeside(valid: readonly Valid[], outDir: string, held: boolean): Promise<void> {
  if (valid.length === 0) return;
  let unlock: (() => void) | undefined;
  try {
    unlock = held ? undefined : tryLockOutput(outDir);
  } catch {
    return; // a folder that cannot be written: nothing is printed into it either
  }
  if (!held && !unlock) return;
  try {
    for (const { planned, document, result, current } of valid) {
      const companions = await writeCompanions(planned, document, outDir, current);
      if (companions.files.length > 0) result.companions = companions.files;
      result.messages.push(...companions.messages);
    }
  } finally {
    unlock?.();
  }
}

/** What a build with nothing to do would say of this report: every document built now is up to date, messages of printing left out. */
function asLastReport(report: BuildReport): BuildReport | undefined {
  const printingFailed = report.documents.some((d) =>
    d.messages.some(
      (m) => m.severity === 'error' && (m.ruleId.startsWith('print/') || m.ruleId === 'edition/archive-failed' || m.ruleId === 'output/companion-write-failed'),
    ),
  );
  if (printingFailed) return undefined;
  const ofPrinting = (m: Message) => m.ruleId.startsWith('print/') || m.ruleId === 'edition/pdf-differs';
  return {
    unreadable: report.unreadable,
    documents: report.documents.map((d) => ({
      ...d,
      status: d.status === 'failed' ? 'failed' : 'current',
      messages: d.messages.filter((m) => !ofPrinting(m)),
    })),
  };
}

/**
 * Writes what a build leaves beside its PDFs (the index, the cache) under its
 * hold on the output folder; a build that printed nothing takes the folder
 * only if no other build has it, and else leaves the writing to that build.
 */
async function underLock(printing: Promise<Printing> | undefined, outDir: string, write: () => Promise<void>): Promise<void> {
  const printed = await printing?.then(() => true, ignore);
  if (printed) return write();
  let unlock: (() => void) | undefined;
  try {
    unlock = await lockOutput(outDir, 0);
    await write();
  } catch {
    // another build is writing here, or the folder cannot be written: the next build simply reads everything again
  } finally {
    unlock?.();
  }
}

/** A prepared document as the printing half takes it: its edition worked out (or refused), its output named, its inputs hashed. */
function readyToPrint(planned: PlannedDocument, options: BuildOptions, tool: Fingerprints, result: DocumentResult): DocumentToPrint | undefined {
  const { job } = planned;
  const { view, fileName, appendix } = planned.prepared!;
  // What the document prints, hashed once: its edition's identity and, with the tool's fingerprints, its build-cache key.
  const viewJson = JSON.stringify(view);
  const content = planned.archive?.content ?? contentHash(viewJson, appendix);
  // The plan read the archive (planProject): a refusal is among the document's messages already.
  const edition = planned.archive?.edition;
  if (options.editionsDir && !edition) return undefined;
  if (edition) result.edition = edition.id;
  const output = join(options.outDir, fileName);
  result.output = output;
  return {
    source: job.source.path,
    kind: job.kind,
    output,
    fileName,
    render: (pages) => renderHtml(job.kind, view, pages),
    meta: view.meta,
    appendix,
    inputs: sha256(`${content}|${tool.templates}|${tool.fonts}|${tool.tool}`),
    size: viewJson.length,
    ...(edition && { edition }),
  };
}

/**
 * A hash of everything a build reads and is asked: every file under the
 * sources folder (names and bytes), PDF bilagor outside it, the templates,
 * fonts and tool, the records of the editions in the archive, and the options.
 */
function buildState(sourcesDir: string, outside: readonly string[], tool: Fingerprints, editionsDir: string | undefined, options: unknown): string {
  const sources = hashTree(sourcesDir);
  const elsewhere = outside.map((f) => `${f}\0${existsSync(f) ? sha256(readFileSync(f)) : '-'}`);
  const editions = editionsDir ? hashTree(editionsDir, /^edition\.json$/) : '';
  return sha256(JSON.stringify({ sources, elsewhere, tool, editions, options, cwd: process.cwd() }));
}
