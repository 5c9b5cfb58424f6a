import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { attachedIds } from '../core/documents.ts';
import { readChecked } from '../core/files.ts';
import { figureImages } from '../core/images.ts';
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
  /** Sources it depends on that could not be read (a YAML syntax error in its ärende): their messages are the root cause of its own. */
  unreadableDeps: Unreadable[];
  /** The image files its figures show (`figur: { bild: … }`) and those of the documents it attaches, by absolute path, each once; whether or not they exist. */
  images: string[];
}

/** A file that could not be parsed, with the `typ` its text seems to declare. */
export interface Unreadable {
  path: string;
  absolutePath: string;
  messages: Message[];
  declaredType?: string;
  /** The `id` its text seems to declare, so that what refers to it finds it even so. */
  declaredId?: string;
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
      const { declaredType, declaredId } = declaredOf(file, sourcesDir);
      project.unreadable.push({
        path: relative(process.cwd(), file) || file,
        absolutePath: file,
        messages,
        ...(declaredType && { declaredType }),
        ...(declaredId && { declaredId }),
      });
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
  const jobs: Job[] = [];
  for (const { source, type } of project.sources.values()) {
    if (!isDocumentKind(type)) continue;
    const { deps, unreadable } = dependenciesOf(project, source, type);
    const attached = attachedSources([source, ...deps], new Set([source, ...deps].map((s) => s.absolutePath)), project);
    const images = [...new Set([source, ...deps, ...attached].flatMap((s) => figureImages(s.data, s.absolutePath).map((i) => i.file)))];
    jobs.push({ kind: type, source, deps, attached, unreadableDeps: unreadable, images });
  }
  jobs.sort((a, b) => a.source.path.localeCompare(b.source.path));
  if (paths.length === 0) return jobs;
  const within = selects(paths);
  const selected = jobs.filter(
    (job) =>
      within(job.source.absolutePath) ||
      job.deps.some((d) => within(d.absolutePath)) ||
      job.unreadableDeps.some((u) => within(u.absolutePath)) ||
      job.images.some(within),
  );
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
    const own = ownDependencies(project, source, type).deps.filter((d) => !seen.has(d.absolutePath));
    for (const s of [source, ...own]) seen.add(s.absolutePath);
    found.push(source, ...own, ...attachedSources([source, ...own], seen, project));
  }
  return found;
}

/**
 * The sources a source reads besides itself, whether or not they are valid:
 * the register (for every source but the register), a plan's bilaga files,
 * a tjänsteskrivelse's ärende. Those that could not be read at all are listed
 * apart. Missing ones are reported by the rules.
 */
export function dependenciesOf(project: Project, source: SourceFile, type: SourceType): { deps: SourceFile[]; unreadable: Unreadable[] } {
  if (type === 'register') return { deps: [], unreadable: [] };
  const registerFile = join(project.sourcesDir, 'register.yaml');
  const own = ownDependencies(project, source, type);
  return {
    deps: [...[...project.sources.values()].filter((s) => s.type === 'register').map((s) => s.source), ...own.deps],
    unreadable: [...project.unreadable.filter((u) => u.declaredType === 'register' || u.absolutePath === registerFile), ...own.unreadable],
  };
}

/** Bilaga files of a plan, the ärende of a tjänsteskrivelse; those that could not be read apart. Missing ones are reported by the rules. */
function ownDependencies(project: Project, source: SourceFile, type: SourceType): { deps: SourceFile[]; unreadable: Unreadable[] } {
  const deps: SourceFile[] = [];
  const unreadable: Unreadable[] = [];
  // The source is not validated yet: read it defensively.
  const data = (typeof source.data === 'object' && source.data !== null ? source.data : {}) as { bilagor?: Array<{ fil?: unknown } | null>; arende?: unknown };
  // A plan's and an ärende's bilagor name their files alike.
  if (type === 'verksamhetsplan' || type === 'arende') {
    for (const b of Array.isArray(data.bilagor) ? data.bilagor : []) {
      if (typeof b?.fil !== 'string') continue;
      const file = resolve(dirname(source.absolutePath), b.fil);
      const found = project.sources.get(file)?.source;
      if (found) deps.push(found);
      else unreadable.push(...project.unreadable.filter((u) => u.absolutePath === file));
    }
  }
  if (type === 'tjansteskrivelse') {
    const sameFolder = <T>(found: T[], path: (f: T) => string) => found.find((f) => dirname(path(f)) === dirname(source.absolutePath)) ?? found[0];
    const arenden = [...project.sources.values()].filter((s) => s.type === 'arende' && (s.source.data as { id?: unknown } | null)?.id === data.arende);
    const found = sameFolder(arenden, (s) => s.source.absolutePath);
    // An ärende that cannot be parsed is found by the id its text declares: its errors, not "no such ärende", are what the letter needs to hear.
    const broken = found
      ? undefined
      : sameFolder(
          project.unreadable.filter((u) => u.declaredType === 'arende' && u.declaredId === data.arende),
          (u) => u.absolutePath,
        );
    if (found) deps.push(found.source);
    if (broken) unreadable.push(broken);
    // The ärende's bilaga files are printed in the letter.
    if (found) {
      const own = ownDependencies(project, found.source, 'arende');
      deps.push(...own.deps);
      unreadable.push(...own.unreadable);
    }
  }
  return { deps, unreadable };
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

/** The `typ` and `id` a file that could not be parsed seems to declare, read from its text as it is. */
function declaredOf(file: string, sourcesDir: string): { declaredType?: string; declaredId?: string } {
  const read = readChecked(file, sourcesDir, MAX_SOURCE_BYTES);
  if (!('bytes' in read)) return {};
  const text = read.bytes.toString('latin1');
  const declaredType = /^typ:\s*([a-z]+)\s*$/m.exec(text)?.[1];
  const declaredId = /^id:\s*["']?([a-z0-9][a-z0-9-]*)["']?\s*$/m.exec(text)?.[1];
  return { ...(declaredType && { declaredType }), ...(declaredId && { declaredId }) };
}

function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
