import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { attachedIds } from '../core/documents.ts';
import { readChecked } from '../core/files.ts';
import { createMessage, defineRule, type Message } from '../core/message.ts';
import { type DocumentKind, documentKinds, type SourceType, sourceTypes } from '../core/model.ts';
import { MAX_SOURCE_BYTES, positionOf, readSource, type SourceFile, startReading } from './source-file.ts';

const unknownType = defineRule<{ typ?: string; types: readonly string[] }>('load/unknown-type', 'error', {
  sv: ({ typ, types }) => ({
    reason: typ === undefined ? 'Fältet "typ" saknas, så det går inte att veta vilken sorts dokument filen är.' : `Okänd dokumenttyp "${typ}".`,
    fix: `Skriv på första raden till exempel "typ: verksamhetsplan". Möjliga typer: ${types.join(', ')}.`,
  }),
  en: ({ typ, types }) => ({
    reason: typ === undefined ? 'The field "typ" is missing, so it is unknown what kind of document this is.' : `Unknown document type "${typ}".`,
    fix: `Start the file with, for example, "typ: verksamhetsplan". Possible types: ${types.join(', ')}.`,
  }),
});

/** A document to build: its main source and the other sources it reads (register, ärende, bilagor). */
export interface Job {
  kind: DocumentKind;
  source: SourceFile;
  /** Every source the document is made from, the main one excluded: the register, bilaga files, its ärende. */
  deps: SourceFile[];
  /**
   * The sources of the documents it attaches (`dokument: vp-2024`) and of
   * what those are made from, each once: those documents are built on their
   * own, and their PDFs appended.
   */
  attached: SourceFile[];
}

/** A file that could not be parsed, with the `typ` its text seems to declare. */
export interface Unreadable {
  path: string;
  absolutePath: string;
  messages: Message[];
  declaredType?: string;
}

/** Every source under the sources folder, read and typed; and what was wrong with any of them. */
export interface Project {
  sourcesDir: string;
  sources: Map<string, { source: SourceFile; type: SourceType }>;
  /** Files that could not be read or have no known `typ`: nothing can be built from them. */
  unreadable: Unreadable[];
  /** Messages of readable files (BOM warnings and the like). */
  readMessages: Map<string, Message[]>;
}

/**
 * Reads every .yaml file below `sourcesDir`; `buffers` (absolute path → text)
 * are files an editor holds open, read as they are there, saved or not.
 */
export function loadProject(sourcesDir: string, buffers: ReadonlyMap<string, string> = new Map()): Project {
  const project: Project = { sourcesDir, sources: new Map(), unreadable: [], readMessages: new Map() };
  startReading();
  const unsaved = [...buffers.keys()].filter((file) => file.startsWith(sourcesDir + sep) && /\.ya?ml$/.test(file));
  for (const file of [...new Set([...listYaml(sourcesDir), ...unsaved])].sort()) {
    const { source, messages } = readSource(file, sourcesDir, buffers.get(file));
    const type = source && typeOf(source, messages);
    if (!source || !type) {
      const declaredType = declaredTypeOf(file, sourcesDir);
      project.unreadable.push({ path: relative(process.cwd(), file) || file, absolutePath: file, messages, ...(declaredType && { declaredType }) });
      continue;
    }
    project.sources.set(file, { source, type });
    project.readMessages.set(file, messages);
  }
  return project;
}

function typeOf(source: SourceFile, messages: Message[]): SourceType | undefined {
  const typ = (source.data as { typ?: unknown } | null)?.typ;
  if (typeof typ === 'string' && (sourceTypes as readonly string[]).includes(typ)) return typ as SourceType;
  messages.push(
    createMessage(unknownType, { ...(typeof typ === 'string' && { typ }), types: sourceTypes }, { file: source.path, ...positionOf(source, ['typ']) }),
  );
  return undefined;
}

/**
 * The documents to build, with their dependencies. `paths` selects documents
 * by their own file or one they are made from (not by a document they
 * attach: asking for a plan builds the plan), and the documents they attach.
 */
export function planJobs(project: Project, paths: readonly string[] = []): Job[] {
  const all = [...project.sources.values()];
  const register = all.filter((s) => s.type === 'register').map((s) => s.source);
  const jobs: Job[] = [];
  for (const { source, type } of all) {
    if (!isDocumentKind(type)) continue;
    const deps = [...register, ...ownDependencies(source, type, project)];
    jobs.push({ kind: type, source, deps, attached: attachedSources([source, ...deps], new Set([source, ...deps].map((s) => s.absolutePath)), project) });
  }
  jobs.sort((a, b) => a.source.path.localeCompare(b.source.path));
  if (paths.length === 0) return jobs;
  const within = selects(paths);
  const selected = jobs.filter((job) => within(job.source.absolutePath) || job.deps.some((d) => within(d.absolutePath)));
  // And the documents they attach, which are built first.
  const attached = new Set(selected.flatMap((job) => job.attached.map((d) => d.absolutePath)));
  return jobs.filter((job) => selected.includes(job) || attached.has(job.source.absolutePath));
}

/** A test for "is this file one of, or inside one of, these paths" (true for every file when no path is given). */
export function selects(paths: readonly string[]): (file: string) => boolean {
  const selected = paths.map((p) => resolve(p));
  return (file) => selected.length === 0 || selected.some((p) => file === p || file.startsWith(p + sep));
}

/** True for the source types that become PDFs. */
export function isDocumentKind(type: string | undefined): type is DocumentKind {
  return (documentKinds as readonly string[]).includes(type ?? '');
}

/**
 * The documents that `sources` attach (`dokument: vp-2024`), with what those
 * are made from and attach in turn, each once (`seen`: the files found so far).
 */
function attachedSources(sources: readonly SourceFile[], seen: Set<string>, project: Project): SourceFile[] {
  const found: SourceFile[] = [];
  for (const { source, type } of sources.flatMap((s) => attachedIds(s.data)).flatMap((id) => documentWithId(project, id))) {
    if (seen.has(source.absolutePath)) continue;
    const own = ownDependencies(source, type, project).filter((d) => !seen.has(d.absolutePath));
    for (const s of [source, ...own]) seen.add(s.absolutePath);
    found.push(source, ...own, ...attachedSources([source, ...own], seen, project));
  }
  return found;
}

/** Bilaga files of a plan, the ärende of a tjänsteskrivelse. Missing ones are reported by the rules. */
function ownDependencies(source: SourceFile, type: SourceType, project: Project): SourceFile[] {
  // The source is not validated yet: read it defensively.
  const data = (typeof source.data === 'object' && source.data !== null ? source.data : {}) as { bilagor?: Array<{ fil?: unknown } | null>; arende?: unknown };
  if (type === 'verksamhetsplan') {
    return (Array.isArray(data.bilagor) ? data.bilagor : [])
      .map((b) => (typeof b?.fil === 'string' ? project.sources.get(resolve(dirname(source.absolutePath), b.fil))?.source : undefined))
      .filter((s): s is SourceFile => s !== undefined);
  }
  if (type === 'tjansteskrivelse') {
    const arenden = [...project.sources.values()].filter((s) => s.type === 'arende' && (s.source.data as { id?: unknown } | null)?.id === data.arende);
    const sameFolder = arenden.find((s) => dirname(s.source.absolutePath) === dirname(source.absolutePath));
    const found = sameFolder ?? arenden[0];
    return found ? [found.source] : [];
  }
  return [];
}

/** The plan or minutes with this id (the first, by file name, should two share it). */
function documentWithId(project: Project, id: string): Array<{ source: SourceFile; type: SourceType }> {
  const found = [...project.sources.values()].find(
    (s) => (s.type === 'verksamhetsplan' || s.type === 'minnesanteckningar') && (s.source.data as { id?: unknown } | null)?.id === id,
  );
  return found ? [found] : [];
}

/**
 * The .yaml files below `dir`; one that cannot be read (a broken link) is
 * listed, so that reading it says why. Names starting with a dot are not
 * sources: editors keep their lock and swap files so (`.#2023.yaml`).
 */
function listYaml(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name.startsWith('.')) return [];
    const path = join(dir, name);
    // A folder is walked into only when it is one, not a link to one: a link could lead out, or round in a circle.
    if (isRealFolder(path)) return listYaml(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** The `typ` a file that could not be parsed seems to declare, read from its text as it is. */
function declaredTypeOf(file: string, sourcesDir: string): string | undefined {
  const read = readChecked(file, sourcesDir, MAX_SOURCE_BYTES);
  return 'bytes' in read ? /^typ:\s*([a-z]+)\s*$/m.exec(read.bytes.toString('latin1'))?.[1] : undefined;
}

function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
