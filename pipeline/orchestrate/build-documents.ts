import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contentHash, type PlannedEdition, planEdition } from '../archive/record.ts';
import { type Fingerprints, fingerprints } from '../core/fingerprints.ts';
import { sha256 } from '../core/hash.ts';
import { createMessage, defineRule, type Message } from '../core/message.ts';
import type { DocumentKind } from '../core/model.ts';
import { isDocumentKind } from '../load/project.ts';
import type { BuildCache } from '../publish/build-cache.ts';
import { lockOutput, tryLockOutput } from '../publish/lock.ts';
import { renderHtml } from '../render/render-html.ts';
import type { BuildOptions } from './build-options.ts';
import { writeCompanions } from './companions.ts';
import { writeIndex } from './document-index.ts';
import { type PlannedDocument, type ProjectPlan, planProject } from './plan.ts';
import { type DocumentToPrint, type Printing, type PrintOutcome, pagesFor, printDocuments, startPrinting } from './print-documents.ts';
import { type BuildReport, type DocumentResult, describeDocument, describeUnreadable } from './report.ts';

/**
 * The build past the answer of the last one: load → validate → prepare
 * (planProject), then render → print → finish → publish → archive for each
 * document whose inputs changed (printDocuments), and the index and the
 * cache written. Loaded only when a build has something to do.
 */
export async function buildDocuments(options: BuildOptions, cache: BuildCache, tool: Fingerprints, state: string, whole: boolean): Promise<BuildReport> {
  // The browser starts while sources are read and documents prepared: at once when everything is to be printed, else at the first document that is not up to date.
  let printing = options.force || cache.isEmpty() ? startPrinting(options) : undefined;
  const plan = await planProject(options.sourcesDir, options.paths);
  // A document whose file cannot even be parsed still counts as a document that failed.
  const broken = plan.unreadable.filter((u) => isDocumentKind(u.declaredType) && plan.within(u.absolutePath));
  const documents = broken.map((u) => describeUnreadable(u, u.declaredType as DocumentKind));
  try {
    const { toPrint, outside, valid } = await sortOut(plan, documents, options, tool, cache, () => {
      printing ??= startPrinting(options);
    });
    // The printing holds the output folder from here on; files beside the PDFs are written under that hold.
    const printer = toPrint.size > 0 ? await printing! : undefined;
    if (printer) pagesFor(printer, toPrint.size, options);
    // The files beside the PDFs need no browser: they are written while the documents print, from when the first went
    // to Chromium (before, Node's turns go to starting the browser and the first print), and a document is reported once
    // its PDF and its files are written.
    let firstSent = () => {};
    const sent = printer ? new Promise<void>((resolve) => (firstSent = resolve)) : Promise.resolve();
    const beside = writeBeside(valid, options.outDir, printer !== undefined, sent);
    const reported: Promise<void>[] = [];
    const tell = (d: DocumentResult) => {
      reported.push(beside.of(d).then(() => options.onDocument?.(d)));
    };
    const printed = new Set(toPrint.values());
    for (const d of documents) if (!printed.has(d)) tell(d);
    try {
      if (printer) await printInTurn(printer, toPrint, cache, options, tool, tell, firstSent);
    } finally {
      // Also when printing failed as a whole: the files beside are written, and the documents told, while the folder is held.
      firstSent();
      await beside.all.catch(() => undefined);
      await Promise.allSettled(reported);
    }
    await beside.all;
    await Promise.all(reported);
    const unreadable = plan.unreadable.filter((u) => !broken.includes(u) && (plan.within(u.absolutePath) || !isDocumentKind(u.declaredType)));
    const notices = printer?.session.takeNotices() ?? [];
    const report: BuildReport = { documents, unreadable, ...(notices.length > 0 && { printing: notices }) };
    const sameOutside = [...outside].sort().join('\n') === cache.outsideFiles().sort().join('\n');
    if (sameOutside) cache.rememberReport(state, [...outside].sort(), asLastReport(report));
    await underLock(printing, options.outDir, async () => {
      await writeIndex(report, options.sourcesDir, options.outDir, whole);
      await cache.save();
    });
    return report;
  } finally {
    await printing?.then(release, ignore);
  }
}

/**
 * Prints the documents in rounds: first those that attach no document
 * printed in this build, then those attaching them, and so on, so that an
 * attached document's PDF is in the output folder before it is appended. A
 * document whose attached document failed fails too, unprinted.
 */
async function printInTurn(
  printer: Printing,
  toPrint: Map<DocumentToPrint, DocumentResult>,
  cache: BuildCache,
  options: BuildOptions,
  tool: Fingerprints,
  tell: (result: DocumentResult) => void,
  sent: () => void,
): Promise<void> {
  const failed = new Set<DocumentToPrint>();
  const finished = (document: DocumentToPrint, outcome: PrintOutcome) => {
    const result = toPrint.get(document)!;
    result.messages.push(...outcome.messages);
    result.status = outcome.built ? 'built' : 'failed';
    if (!outcome.built) {
      delete result.output;
      failed.add(document);
    }
    tell(result);
  };
  const rounds = new Map<DocumentToPrint, number>();
  const roundOf = (d: DocumentToPrint): number => {
    const known = rounds.get(d);
    if (known !== undefined) return known;
    const round = Math.max(0, ...d.attached.filter((t) => toPrint.has(t)).map((t) => roundOf(t) + 1));
    rounds.set(d, round);
    return round;
  };
  const count = Math.max(0, ...[...toPrint.keys()].map((d) => roundOf(d) + 1));
  let before = 0;
  for (let round = 0; round < count; round++) {
    const documents: DocumentToPrint[] = [];
    for (const d of toPrint.keys()) {
      if (roundOf(d) !== round) continue;
      const broken = d.appendix.find((a) => a.document !== undefined && d.attached.some((t) => failed.has(t) && t.output === a.file));
      if (!broken) documents.push(d);
      else
        finished(d, {
          built: false,
          messages: [createMessage(attachedNotBuilt, { id: broken.document! }, broken.place ?? { file: d.source, line: 1, column: 1 })],
        });
    }
    await printDocuments(printer, documents, cache, options, tool, {
      started: (document, done) => options.onProgress?.(before + done, toPrint.size, document.fileName),
      finished,
      sent,
    });
    before += documents.length;
  }
}

const release = (printing: Printing) => printing.release();
const ignore = () => undefined;

/**
 * Takes the planned documents one at a time (giving the starting browser a
 * turn every few milliseconds), adds each one's result to `documents`, and
 * sorts out those to print: valid, with an edition that may be built, and
 * not up to date. A document that attaches another (`dokument:`) is sorted
 * out after it, for its inputs include what the other prints.
 * `startBrowser` is called at the first document to print. Also says which
 * files outside the sources folder they read.
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
  const planned: Array<{ planned: PlannedDocument; result: DocumentResult }> = [];
  let turn = performance.now();
  for (const p of plan.documents()) {
    if (performance.now() - turn > 5) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
    const result = describeDocument(p);
    documents.push(result);
    planned.push({ planned: p, result });
  }
  // The documents others attach, by id, as they are made ready to print.
  const ready = new Map<string, DocumentToPrint>();
  for (const { planned: p, result } of attachedFirst(planned.map((x) => x.planned)).map((i) => planned[i]!)) {
    const document = p.prepared && readyToPrint(p, options, tool, result, ready);
    if (!document) continue;
    const id = (p.job.source.data as { id?: unknown }).id;
    if (typeof id === 'string' && p.job.kind !== 'tjansteskrivelse') ready.set(id, document);
    for (const a of document.appendix) if (!a.document && relative(options.sourcesDir, a.file).startsWith('..')) outside.add(a.file);
    // A document whose edition is not in the archive yet (its archiving failed last time) is built again, and archived.
    const toArchive = options.archive !== false && document.edition !== undefined && !document.edition.archived;
    const current = !options.force && !toArchive && cache.isCurrent(document.fileName, document.inputs);
    valid.push({ planned: p, document, result, current });
    if (current) {
      result.status = 'current';
      continue;
    }
    toPrint.set(document, result);
    startBrowser();
  }
  return { toPrint, outside, valid };
}

/**
 * What a build would refuse of the planned documents before printing them,
 * worked out as the build does it (readyToPrint) but without printing: a final
 * edition whose content changed, a version already taken, an attached
 * document that cannot be made. `validate` reports them before any build.
 */
export function refusalsBeforePrinting(
  documents: readonly PlannedDocument[],
  options: { sourcesDir: string; editionsDir?: string },
): Map<PlannedDocument, Message[]> {
  const refusals = new Map<PlannedDocument, Message[]>();
  const ready = new Map<string, DocumentToPrint>();
  const tool = fingerprints();
  // Nothing is written: the output folder only names where attached documents' PDFs would be.
  const asBuilt = { ...options, outDir: join(options.sourcesDir, '..', 'output') };
  for (const planned of attachedFirst(documents).map((i) => documents[i]!)) {
    if (!planned.prepared) continue;
    const result = describeDocument(planned);
    const said = result.messages.length;
    const document = readyToPrint(planned, asBuilt, tool, result, ready);
    if (result.messages.length > said) refusals.set(planned, result.messages.slice(said));
    const id = (planned.job.source.data as { id?: unknown }).id;
    if (document && typeof id === 'string' && planned.job.kind !== 'tjansteskrivelse') ready.set(id, document);
  }
  return refusals;
}

/** The indexes of the planned documents, each after the documents it attaches (which validation has kept free of circles). */
function attachedFirst(planned: readonly PlannedDocument[]): number[] {
  const byId = new Map<string, number>();
  planned.forEach((p, i) => {
    const id = (p.job.source.data as { id?: unknown }).id;
    if (typeof id === 'string' && p.job.kind !== 'tjansteskrivelse') byId.set(id, i);
  });
  const order: number[] = [];
  const placed = new Set<number>();
  const place = (i: number) => {
    if (placed.has(i)) return;
    placed.add(i);
    for (const a of planned[i]!.prepared?.appendix ?? []) {
      const target = a.document === undefined ? undefined : byId.get(a.document);
      if (target !== undefined) place(target);
    }
    order.push(i);
  };
  for (const i of planned.keys()) place(i);
  return order;
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
 * Writes the files beside each valid document's PDF (companions.ts), one
 * document after the other, starting once `after` is settled, while this
 * build holds the output folder: the
 * printing's hold, or, when nothing is printed, one taken for the moment. A
 * folder another build holds is left to that build, as the cache is
 * (saveCache). `of` tells when a document's files are written (or given up),
 * starting them at once when their turn has not come: a document printed
 * early is not reported after the files of every document before it in the
 * sources (on a loaded machine, after the last print). `all` tells when
 * every document's are.
 */
function writeBeside(
  valid: readonly Valid[],
  outDir: string,
  held: boolean,
  after: Promise<void>,
): { all: Promise<void>; of: (result: DocumentResult) => Promise<void> } {
  const none = { all: Promise.resolve(), of: () => Promise.resolve() };
  if (valid.length === 0) return none;
  let unlock: (() => void) | undefined;
  try {
    unlock = held ? undefined : tryLockOutput(outDir);
  } catch {
    return none; // a folder that cannot be written: nothing is printed into it either
  }
  if (!held && !unlock) return none;
  const jobs = new Map<DocumentResult, () => Promise<void>>();
  for (const { planned, document, result, current } of valid) {
    jobs.set(result, async () => {
      const companions = await writeCompanions(planned, document, outDir, current);
      if (companions.files.length > 0) result.companions = companions.files;
      result.messages.push(...companions.messages);
    });
  }
  const started = new Map<DocumentResult, Promise<void>>();
  const start = (result: DocumentResult): Promise<void> => {
    let writing = started.get(result);
    if (!writing) {
      writing = jobs.get(result)!();
      started.set(result, writing);
    }
    return writing;
  };
  const all = after
    .then(async () => {
      for (const result of jobs.keys()) await start(result);
    })
    .finally(() => unlock?.());
  all.catch(() => undefined);
  return { all, of: (result) => (jobs.has(result) ? after.then(() => start(result)).catch(() => undefined) : Promise.resolve()) };
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
export async function underLock(printing: Promise<Printing> | undefined, outDir: string, write: () => Promise<void>): Promise<void> {
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

const attachedNotBuilt = defineRule<{ id: string }>('bilaga/document-not-built', 'error', {
  sv: ({ id }) => ({
    reason: `Bilagan ${id} kunde inte byggas, så inte heller dokumentet som den följer med.`,
    fix: `Rätta det som stoppar ${id} (se dess meddelanden) och bygg igen.`,
  }),
  en: ({ id }) => ({
    reason: `The bilaga ${id} could not be built, so neither can the document it goes with.`,
    fix: `Fix what stops ${id} (see its messages) and build again.`,
  }),
});

/**
 * A prepared document as the printing half takes it: its edition worked out
 * (or refused), its output named, its inputs hashed. The documents it
 * attaches are in `ready` (by id) when they could be made ready themselves;
 * their PDFs are in the output folder by the time it prints.
 */
function readyToPrint(
  planned: PlannedDocument,
  options: BuildOptions,
  tool: Fingerprints,
  result: DocumentResult,
  ready: ReadonlyMap<string, DocumentToPrint>,
): DocumentToPrint | undefined {
  const { job } = planned;
  const { view, fileName } = planned.prepared!;
  const attached = new Map<string, DocumentToPrint>();
  for (const a of planned.prepared!.appendix) {
    if (a.document === undefined) continue;
    const target = ready.get(a.document);
    if (!target) {
      result.messages.push(createMessage(attachedNotBuilt, { id: a.document }, a.place ?? { file: job.source.path, line: 1, column: 1 }));
      return undefined;
    }
    attached.set(a.document, target);
  }
  const appendix = planned.prepared!.appendix.map((a) => (a.document === undefined ? a : { ...a, file: join(options.outDir, a.file) }));
  // What the document prints, hashed once: its edition's identity and, with the tool's fingerprints, its build-cache key.
  // An attached document counts by what it prints (its own content), for its PDF may not be built yet.
  const viewJson = JSON.stringify(view);
  const content = contentHash(
    viewJson,
    appendix.map((a) => (a.document === undefined ? sha256(readFileSync(a.file)) : attached.get(a.document)!.content)),
  );
  // The files an edition keeps: the sources (those of attached documents among them) and every PDF bilaga, an attached document's too.
  const bilagaFiles = [...appendix.filter((a) => a.document === undefined).map((a) => a.file), ...[...attached.values()].flatMap((t) => t.bilagaFiles)];
  let edition: PlannedEdition | undefined;
  if (options.editionsDir) {
    const archived = planEdition(options.editionsDir, options.sourcesDir, job, fileName.replace(/\.pdf$/, ''), content, bilagaFiles);
    if (archived.message) {
      result.messages.push(archived.message);
      return undefined;
    }
    edition = archived.edition;
    result.edition = edition!.id;
  }
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
    attached: [...attached.values()],
    content,
    bilagaFiles,
    inputs: sha256(`${content}|${tool.templates}|${tool.fonts}|${tool.tool}`),
    size: viewJson.length,
    ...(edition && { edition }),
  };
}
