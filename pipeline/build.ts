import { join, relative } from 'node:path';
import { sha256 } from './editions/archive.ts';
import { fingerprints, type Fingerprints } from './editions/fingerprints.ts';
import { contentHash, planEdition, type PlannedEdition } from './editions/record.ts';
import { BuildCache, buildState } from './publish/build-cache.ts';
import { lockOutput } from './publish/lock.ts';
import { documentTypes, loadProject, planJobs, selects, type Job, type Unreadable } from './load/project.ts';
import { createMessage, hasErrors, type Message } from './messages/message.ts';
import { prepareDocument } from './prepare/prepare-document.ts';
import type { BrowserSession } from './print/browser.ts';
import { printAll, startPrinting, type Printing, type Ready } from './print-documents.ts';
import { countFillIns } from './render/inline.ts';
import { renderHtml } from './render/render-html.ts';
import { Validation } from './validate/validate-project.ts';

export interface BuildOptions {
  sourcesDir: string;
  outDir: string;
  /** Build only the documents these files or folders are, or depend on. */
  paths?: readonly string[];
  /** Where editions are archived; no archiving when not given. */
  editionsDir?: string;
  /** Rebuild documents even when nothing they depend on changed. */
  force?: boolean;
  /** How many documents to print at once in the one browser (default: one more than the cores). */
  jobs?: number;
  /** Connect to a running browser (DevTools protocol) instead of starting one. */
  browserUrl?: string;
  /** A browser the caller keeps open across builds (watch), asked for only when something is to be printed; the build does not close it. */
  session?: () => Promise<BrowserSession>;
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

/**
 * Builds documents: load → validate → prepare → render → print → finish → publish,
 * and records each edition. A document with errors stops alone; the others are
 * built. A PDF is written whole or not at all, so a failed build keeps the
 * previous good one.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const cache = new BuildCache(options.outDir);
  const tool = fingerprints();
  // Nothing read has changed since the last build and its PDFs are untouched: its answer holds, and no source is read.
  const asked = { paths: options.paths ?? [], editionsDir: options.editionsDir };
  const state = buildState(options.sourcesDir, cache.outsideFiles(), tool, options.editionsDir, asked);
  const last = options.force ? undefined : cache.lastReport<BuildReport>(state);
  if (last) {
    last.documents.forEach((d) => options.onDocument?.(d));
    return last;
  }
  // The browser starts while sources are read and documents prepared: at once when everything is to be printed, else at the first document that is not up to date.
  let printing = options.force || cache.isEmpty() ? startPrinting(options) : undefined;
  const project = loadProject(options.sourcesDir);
  const validation = new Validation(project);
  const within = selects(options.paths ?? []);
  // A document whose file cannot even be parsed still counts as a document that failed.
  const broken = project.unreadable.filter((u) => documentTypes.includes(u.declaredType ?? '') && within(u.absolutePath));
  const documents: DocumentResult[] = broken.map((u) => ({ source: u.path, status: 'failed', messages: u.messages, fillIns: 0 }));
  const names = new Map<string, string>();
  const ready: Ready[] = [];
  const outside = new Set<string>();
  try {
    let turn = performance.now();
    for (const job of planJobs(project, options.paths)) {
      // Turns for the browser starting meanwhile (it connects and opens its pages while documents are prepared), every few milliseconds.
      if (performance.now() - turn > 5) {
        await new Promise((resolve) => setImmediate(resolve));
        turn = performance.now();
      }
      const result: DocumentResult = { source: job.source.path, status: 'failed', messages: validation.messagesForJob(job), fillIns: 0 };
      documents.push(result);
      const prepared = hasErrors(result.messages) || !validation.inputs ? undefined : prepare(job, validation, names, options, result, tool);
      if (!prepared) continue;
      prepared.appendix.filter((a) => relative(options.sourcesDir, a.file).startsWith('..')).forEach((a) => outside.add(a.file));
      if (!options.force && cache.isCurrent(prepared.fileName, prepared.inputs)) {
        result.status = 'current';
        continue;
      }
      ready.push(prepared);
      printing ??= startPrinting(options);
    }
    documents.filter((d) => !ready.some((r) => r.result === d)).forEach((d) => options.onDocument?.(d));
    if (ready.length > 0) await printAll(await printing!, ready.sort((a, b) => b.size - a.size), cache, options, tool);
    const unreadable = project.unreadable.filter((u) => !broken.includes(u) && (within(u.absolutePath) || !documentTypes.includes(u.declaredType ?? '')));
    const report = { documents, unreadable };
    const sameOutside = [...outside].sort().join('\n') === cache.outsideFiles().sort().join('\n');
    if (sameOutside) cache.rememberReport(state, [...outside].sort(), asLastReport(report));
    await saveCache(cache, printing, options.outDir);
    return report;
  } finally {
    await printing?.then((p) => p.release(), () => undefined);
  }
}

/** What a build with nothing to do would say of this report: every document built now is up to date, messages of printing left out. */
function asLastReport(report: BuildReport): BuildReport | undefined {
  const printingFailed = report.documents.some((d) => d.messages.some((m) => m.ruleId === 'print/failed' || m.ruleId === 'edition/archive-failed'));
  if (printingFailed) return undefined;
  const ofPrinting = (m: Message) => m.ruleId.startsWith('print/') || m.ruleId === 'edition/pdf-differs';
  return {
    unreadable: report.unreadable,
    documents: report.documents.map((d) => ({ ...d, status: d.status === 'failed' ? 'failed' : 'current', messages: d.messages.filter((m) => !ofPrinting(m)) })),
  };
}

/** Saves the cache under the build's hold on the output folder; a build that printed nothing takes it only if no other build has it. */
async function saveCache(cache: BuildCache, printing: Promise<Printing> | undefined, outDir: string): Promise<void> {
  if (await printing?.then(() => true, () => false)) return cache.save();
  let unlock: (() => void) | undefined;
  try {
    unlock = await lockOutput(outDir, 0);
    await cache.save();
  } catch {
    // another build is writing here, or the folder cannot be written: the next build simply reads everything again
  } finally {
    unlock?.();
  }
}

/** Prepares a valid document for printing: its view, output name, edition and the hash of its inputs; undefined when it cannot be built. */
function prepare(
  job: Job, validation: Validation, names: Map<string, string>, options: BuildOptions, result: DocumentResult, tool: Fingerprints,
): Ready | undefined {
  const { view, fileName, appendix } = prepareDocument(job, validation.inputs!);
  const clash = names.get(fileName);
  if (clash) {
    result.messages.push(createMessage(job.source.path, { line: 1, column: 1 }, 'output/name-clash', { fileName, other: clash }));
    return undefined;
  }
  names.set(fileName, job.source.path);
  // What the document prints, hashed once: its edition's identity and, with the tool's fingerprints, its build-cache key.
  const viewJson = JSON.stringify(view);
  const content = contentHash(viewJson, appendix);
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
  return {
    result, render: (pages) => renderHtml(job.kind, view, pages), meta: view.meta, appendix, fileName, inputs, kind: job.kind,
    size: viewJson.length, ...(edition && { edition }),
  };
}

