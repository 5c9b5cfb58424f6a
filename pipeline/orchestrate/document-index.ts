import { existsSync, readFileSync, rmSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { type Message, type MessageJson, messageJson } from '../core/message.ts';
import { type DocumentKind, type DocumentStatus, documentKinds } from '../core/model.ts';
import { printableDeep } from '../core/text.ts';
import type { IndexRow, IndexView } from '../core/view.ts';
import { standaloneHtml } from '../print/standalone-html.ts';
import { writeAtomicIfChanged } from '../publish/write-atomic.ts';
import { renderHtml } from '../render/render-html.ts';
import { INDEX_HTML, INDEX_JSON } from './index-files.ts';
import type { BuildReport, DocumentResult } from './report.ts';

export { INDEX_HTML, INDEX_JSON, indexPresent } from './index-files.ts';

/**
 * The manifest (`output/index.json`), format version 1: every document with
 * what its source says of it, the files the build wrote for it (links
 * relative to the output folder, percent-encoded) and every message about
 * it in Swedish. Documented in docs/architecture.md; a change to its shape
 * gets a new `version`.
 */
export interface IndexManifest {
  format: 'handlingar-index';
  version: 1;
  documents: IndexEntry[];
}

/** One document of the manifest; `null` where the source does not say (an error stopped it). */
export interface IndexEntry {
  /** Its source, relative to the sources folder: "verksamhetsplan/2023.yaml". */
  source: string;
  kind: DocumentKind;
  title: string | null;
  /** As its source says: utkast, beslutad or justerad. */
  status: DocumentStatus | null;
  version: number | null;
  edition: string | null;
  fillIns: number;
  /** Its PDF first (when it was built), then the files beside it; `type` is the file's extension. */
  files: Array<{ type: string; href: string }>;
  /** As `handlingar validate --format json` gives them, in Swedish. */
  messages: MessageJson[];
}

/** A link from the output folder to a file: relative, each part percent-encoded. */
export function hrefOf(outDir: string, file: string): string {
  return relative(outDir, resolve(file)).split(sep).map(encodeURIComponent).join('/');
}

/** A document of a build's report as the manifest lists it. */
export function indexEntry(d: DocumentResult, sourcesDir: string, outDir: string): IndexEntry {
  const files = [...(d.status !== 'failed' && d.output ? [d.output] : []), ...(d.companions ?? [])];
  return {
    source: relative(sourcesDir, resolve(d.source)).split(sep).join('/'),
    kind: d.kind,
    title: d.title ?? null,
    status: d.documentStatus ?? null,
    version: d.version ?? null,
    edition: d.edition ?? null,
    fillIns: d.fillIns,
    files: files.map((file) => ({ type: extname(file).slice(1).toLowerCase(), href: hrefOf(outDir, file) })),
    messages: d.messages.map((m: Message) => messageJson(m, 'sv')),
  };
}

/**
 * The manifest of a build. A build of some documents (`handlingar build
 * sources/minnesanteckningar`) updates their entries in the manifest the
 * output folder has, and keeps the others whose sources are still there:
 * the index always lists the whole project, as the last build of each
 * document left it. A build of everything lists exactly what it built.
 */
export function indexManifest(report: BuildReport, sourcesDir: string, outDir: string, whole: boolean): IndexManifest {
  const entries = report.documents.map((d) => indexEntry(d, sourcesDir, outDir));
  const built = new Set(entries.map((e) => e.source));
  const kept = whole ? [] : (readIndex(outDir)?.documents ?? []).filter((e) => !built.has(e.source) && existsSync(join(sourcesDir, e.source)));
  return manifestOf([...entries, ...kept]);
}

/** A manifest of these entries, in the index's order: by kind (plans, minutes, letters), then by source. */
export function manifestOf(entries: IndexEntry[]): IndexManifest {
  const order = (e: IndexEntry) => documentKinds.indexOf(e.kind);
  const documents = [...entries].sort((a, b) => order(a) - order(b) || a.source.localeCompare(b.source));
  return { format: 'handlingar-index', version: 1, documents };
}

/** The manifest in the output folder, when there is one of this format. */
export function readIndex(outDir: string): IndexManifest | undefined {
  try {
    const read = JSON.parse(readFileSync(join(outDir, INDEX_JSON), 'utf8')) as Partial<IndexManifest>;
    return read.format === 'handlingar-index' && read.version === 1 && Array.isArray(read.documents) ? (read as IndexManifest) : undefined;
  } catch {
    return undefined;
  }
}

const headings: Record<DocumentKind, string> = {
  verksamhetsplan: 'Verksamhetsplaner',
  minnesanteckningar: 'Minnesanteckningar',
  tjansteskrivelse: 'Tjänsteskrivelser',
};
const statuses: Record<DocumentStatus, string> = { utkast: 'Utkast', beslutad: 'Beslutad', justerad: 'Justerad' };
const fileLabels: Record<string, string> = { pdf: 'PDF', docx: 'Word', ics: 'Kalender' };

/** What the index page shows of a manifest, in Swedish; `preview` gives a document's live preview (watch). */
export function indexView(manifest: IndexManifest, preview?: (entry: IndexEntry) => string): IndexView {
  const rows = (entries: IndexEntry[]) => entries.map((e) => indexRow(e, preview?.(e)));
  const documents = manifest.documents;
  const withFillIns = documents.filter((e) => e.fillIns > 0).length;
  const withErrors = documents.filter((e) => e.messages.some((m) => m.severity === 'error')).length;
  const summering = [
    `${documents.length} dokument`,
    ...(withFillIns > 0 ? [`${withFillIns} med fält kvar att fylla i`] : []),
    ...(withErrors > 0 ? [`${withErrors} med fel`] : []),
  ].join(', ');
  return printableDeep({
    meta: {
      title: 'Handlingar',
      subject: 'Dokumenten i output-mappen: status, version, utgåva, fält kvar att fylla i och filer.',
      author: 'Södertörnskommunerna',
      keywords: [],
      draft: false,
      header: 'Handlingar',
    },
    summering: `${summering}.`,
    grupper: documentKinds
      .map((kind) => ({ rubrik: headings[kind], rader: rows(documents.filter((e) => e.kind === kind)) }))
      .filter((group) => group.rader.length > 0),
  });
}

function indexRow(e: IndexEntry, preview: string | undefined): IndexRow {
  const [pdf, ...beside] = e.files[0]?.type === 'pdf' ? e.files : [undefined, ...e.files];
  const labelOf = (type: string) => fileLabels[type] ?? type.toUpperCase();
  // Two files of one kind (a plan's calendars) are told apart by their names.
  const repeated = (type: string) => beside.filter((f) => f?.type === type).length > 1;
  const errors = e.messages.filter((m) => m.severity === 'error').length;
  const warnings = e.messages.length - errors;
  const antal = [...(errors > 0 ? [`${errors} fel`] : []), ...(warnings > 0 ? [`${warnings} ${warnings === 1 ? 'varning' : 'varningar'}`] : [])].join(', ');
  return {
    titel: e.title ?? e.source,
    kalla: e.source,
    ...(pdf && { pdf: pdf.href }),
    ...(preview !== undefined && { forhandsvisning: preview }),
    status: e.status ? statuses[e.status] : '–',
    slutlig: e.status !== null && e.status !== 'utkast',
    version: e.version === null ? '–' : String(e.version),
    utgava: e.edition ?? '–',
    faltKvar: e.fillIns,
    filer: beside.flatMap((f) =>
      f ? [{ text: repeated(f.type) ? `${labelOf(f.type)} (${decodeURIComponent(f.href.split('/').pop()!)})` : labelOf(f.type), href: f.href }] : [],
    ),
    antal,
    meddelanden: e.messages.map((m) => ({
      fel: m.severity === 'error',
      text: `${m.file ? `${m.file}${m.line ? `:${m.line}:${m.column ?? 1}` : ''}: ` : ''}${m.message} Åtgärd: ${m.fix}`,
    })),
  };
}

/** The index page as a file that stands alone: fonts inside, nothing requested. */
export function renderIndex(view: IndexView): string {
  return standaloneHtml(renderHtml('forteckning', view));
}

/**
 * Writes `index.html` and `index.json` into the output folder, each whole or
 * not at all, and only when it changed. The caller holds the output folder.
 * When they cannot be written (a full disk), both are removed rather than
 * left to say what an earlier build did: the documents' own messages say
 * what went wrong, and the next build writes the index again.
 */
export async function writeIndex(report: BuildReport, sourcesDir: string, outDir: string, whole: boolean): Promise<void> {
  const manifest = indexManifest(report, sourcesDir, outDir, whole);
  const files = [
    [INDEX_JSON, `${JSON.stringify(manifest, null, 2)}\n`],
    [INDEX_HTML, renderIndex(indexView(manifest))],
  ] as const;
  try {
    for (const [name, text] of files) await writeAtomicIfChanged(join(outDir, name), Buffer.from(text));
  } catch {
    for (const [name] of files) rmSync(join(outDir, name), { force: true });
  }
}
