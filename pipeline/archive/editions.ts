import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { type FileProblem, readChecked } from '../core/files.ts';
import type { Fingerprints } from '../core/fingerprints.ts';
import { sha256 } from '../core/hash.ts';
import { defineRule, messageError } from '../core/message.ts';
import { projectRoot, shownPath } from '../core/paths.ts';

/** Where editions are kept, committed to the repository. */
export const defaultEditionsDir = join(projectRoot, 'editions');

/** What the archive keeps of one edition of a document (edition.json). */
export interface EditionRecord {
  /** "verksamhetsplan-2023@v2", or for a draft "verksamhetsplan-2023@v1-utkast-1a2b3c4d". */
  id: string;
  document: string;
  version: number;
  status: string;
  date?: string;
  decision?: { organ: string; datum: string };
  /** The main source, relative to the archived sources folder. */
  main: string;
  /** The tool that made it: its version, and (since issue 15) the commit of this repository, the lock's hash and Chromium's version. */
  tool: { name: string; version: string; commit?: string; lock?: string; chromium?: string };
  hashes: {
    /** What the document prints, resolved (names, sums, numbers): an edition's identity. */
    content: string;
    sources: Record<string, string>;
    templates: string;
    fonts: string;
    pdf: string;
  };
  /** The main source as it was, parsed. */
  source: unknown;
}

/** A document about to be archived: its record without the PDF hash, the files it was built from, and the PDF. */
export interface EditionInput {
  document: string;
  version: number;
  status: string;
  date?: string;
  decision?: { organ: string; datum: string };
  content: string;
  source: unknown;
  /** Absolute path of each file the document was built from, the main source first, and the sources folder they are relative to. */
  files: readonly string[];
  sourcesDir: string;
}

/** The edition's name within its document: "v2" when final, "v1-utkast-<content>" for a draft (drafts change under one number). */
export function editionName(version: number, status: string, content: string): string {
  return status === 'utkast' ? `v${version}-utkast-${content.slice(0, 8)}` : `v${version}`;
}

/** Why an edition's record cannot be used. */
type Why = { kind: 'missing' | 'not-json' | 'not-a-record' | 'outside' | 'not-a-file' | 'too-large' | 'linked' } | { kind: 'unreadable'; code: string };
const why: Record<'sv' | 'en', (w: Why) => string> = {
  sv: (w) =>
    ({
      missing: 'filen saknas',
      'not-json': 'den är inte giltig JSON',
      'not-a-record': 'den beskriver inte den utgåvan, eller ett fält saknas',
      outside: 'den nämner en fil utanför utgåvan, eller är en länk ut ur arkivet',
      'not-a-file': 'den är ingen vanlig fil',
      'too-large': 'den är orimligt stor',
      linked: 'utgåvans mapp är en länk; arkivet läses bara ur sina egna mappar',
    })[w.kind as 'missing'] ?? `den kan inte läsas: ${(w as { code: string }).code}`,
  en: (w) =>
    ({
      missing: 'the file is missing',
      'not-json': 'it is not valid JSON',
      'not-a-record': 'it does not describe that edition, or a field is missing',
      outside: 'it names a file outside the edition, or is a link out of the archive',
      'not-a-file': 'it is not a regular file',
      'too-large': 'it is unreasonably large',
      linked: "the edition's folder is a link; the archive is read only from its own folders",
    })[w.kind as 'missing'] ?? `it cannot be read: ${(w as { code: string }).code}`,
};
const recordBroken = defineRule<{ id: string; why: Why }>('edition/record-broken', 'error', {
  sv: ({ id, why: w }) => ({
    reason: `Utgåvan ${id} i arkivet har ingen användbar edition.json (${why.sv(w)}), så det går inte att visa vad den är eller att den är orörd.`,
    fix: 'Återställ filen ur versionshanteringen (git checkout -- editions/), eller ta bort hela utgåvans mapp om den inte ska finnas.',
  }),
  en: ({ id, why: w }) => ({
    reason: `The edition ${id} in the archive has no usable edition.json (${why.en(w)}), so what it is, and that it is untouched, cannot be shown.`,
    fix: "Restore the file from version control (git checkout -- editions/), or remove the edition's whole folder if it should not be there.",
  }),
});

/** An edition's record is small (the main source, parsed, and hashes): anything larger is not one. */
const MAX_RECORD_BYTES = 20 * 1024 * 1024;

/** The folder of an edition ("document@name"); undefined for an id that is not one (a path, `..`). */
export function editionDir(editionsDir: string, id: string): string | undefined {
  const [document, name, ...rest] = id.split('@');
  const plain = (part?: string) => part !== undefined && /^[^/\\]+$/.test(part) && part !== '.' && part !== '..';
  return rest.length === 0 && plain(document) && plain(name) ? join(editionsDir, document!, name!) : undefined;
}

/**
 * Reads an archived edition by id, or undefined when the archive has no
 * folder for it. A folder whose edition.json is missing, is not JSON or
 * does not describe that edition is a MessageError naming the file: such an
 * edition is neither ignored nor built over.
 */
export function readEdition(editionsDir: string, id: string): EditionRecord | undefined {
  const dir = editionDir(editionsDir, id);
  if (!dir || !existsSync(dir)) return undefined;
  const file = join(dir, 'edition.json');
  const broken = (w: Why) => messageError(recordBroken, { id, why: w }, { file: shownPath(file) });
  // Only the archive's own folders are read: a linked edition (or document) folder is refused, as verify refuses it.
  if ([dir, dirname(dir)].some((folder) => lstatSync(folder).isSymbolicLink())) throw broken({ kind: 'linked' });
  // A regular file inside the archive, of a sane size, checked before it is read (never a pipe, a device or a link out).
  const read = readChecked(file, editionsDir, MAX_RECORD_BYTES);
  if ('problem' in read) throw broken(whyUnreadable(read.problem));
  let record: unknown;
  try {
    record = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    throw broken({ kind: 'not-json' });
  }
  const problem = recordProblem(record, id);
  if (problem) throw broken({ kind: problem });
  return record as EditionRecord;
}

function whyUnreadable(problem: FileProblem): Why {
  if (problem.kind === 'missing') return problem.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', code: problem.code };
  return { kind: problem.kind };
}

/** What is wrong with a parsed edition.json for edition `id`, if anything. */
function recordProblem(record: unknown, id: string): 'not-a-record' | 'outside' | undefined {
  const r = record as Partial<EditionRecord> | null;
  const text = (x: unknown) => typeof x === 'string';
  const h = r?.hashes;
  const complete =
    r?.id === id &&
    r.document === id.split('@')[0] &&
    typeof r.version === 'number' &&
    text(r.status) &&
    text(r.main) &&
    text(r.tool?.version) &&
    h !== undefined &&
    [h.content, h.templates, h.fonts, h.pdf].every(text) &&
    typeof h.sources === 'object' &&
    h.sources !== null &&
    Object.values(h.sources).every(text) &&
    Object.hasOwn(h.sources, r.main as string);
  if (!complete) return 'not-a-record';
  // Every archived file lies in the edition's own sources folder.
  return Object.keys(h.sources).every((path) => !isAbsolute(path) && !normalize(path).startsWith('..')) ? undefined : 'outside';
}

/** The ids of every edition in the archive ("document@name"), oldest document first; none when the archive is not a folder. */
export function editionIds(editionsDir: string): string[] {
  return folders(editionsDir).flatMap((document) => editionNames(editionsDir, document).map((name) => `${document}@${name}`));
}

/** The names of one document's editions in the archive ("v1", "v2-utkast-…"), sorted. */
export function editionNames(editionsDir: string, document: string): string[] {
  return folders(join(editionsDir, document)).filter((name) => isEditionName(name));
}

/** "v2", or "v1-utkast-1a2b3c4d": what editionName gives (a folder "v2.1234.tmp" is an archiving that was cut short). */
export function isEditionName(name: string): boolean {
  return /^v\d+(-utkast-[0-9a-f]{8})?$/.test(name);
}

/** The folders in a folder, sorted; none when it is not one. */
function folders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** Every archived edition that can be read, oldest document first (`handlingar verify` names the others). */
export function listEditions(editionsDir: string): EditionRecord[] {
  return editionIds(editionsDir).flatMap((id) => {
    try {
      return readEdition(editionsDir, id) ?? [];
    } catch {
      return [];
    }
  });
}

/** The folder of an edition's files as they were when it was built. */
export function editionSourcesDir(editionsDir: string, id: string): string {
  return join(editionDir(editionsDir, id)!, 'sources');
}

/** The archived PDF of an edition. */
export function editionPdf(editionsDir: string, id: string): string {
  return join(editionDir(editionsDir, id)!, `${id.split('@')[0]}.pdf`);
}

/** What identifies the tool beyond its version: the commit, the lock's hash, Chromium's version. */
export type ToolIdentity = Pick<EditionRecord['tool'], 'commit' | 'lock' | 'chromium'>;

/**
 * Archives an edition: its record, copies of the files it was built from, and
 * its PDF. Written to a temporary folder and renamed into place, so an
 * edition is there whole or not at all; an existing edition is never touched.
 */
export function archiveEdition(editionsDir: string, input: EditionInput, pdf: Uint8Array, fingerprints: Fingerprints, made: ToolIdentity = {}): EditionRecord {
  const name = editionName(input.version, input.status, input.content);
  const id = `${input.document}@${name}`;
  const target = join(editionsDir, input.document, name);
  if (existsSync(target)) return readEdition(editionsDir, id)!;
  const record: EditionRecord = {
    id,
    document: input.document,
    version: input.version,
    status: input.status,
    main: relative(input.sourcesDir, input.files[0]!),
    ...(input.date !== undefined && { date: input.date }),
    ...(input.decision !== undefined && { decision: input.decision }),
    tool: { name: 'handlingar', version: fingerprints.tool, ...made },
    hashes: {
      content: input.content,
      sources: Object.fromEntries(input.files.map((f) => [relative(input.sourcesDir, f), sha256(readFileSync(f))])),
      templates: fingerprints.templates,
      fonts: fingerprints.fonts,
      pdf: sha256(pdf),
    },
    source: input.source,
  };
  const temporary = `${target}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  try {
    for (const file of input.files) {
      const copy = join(temporary, 'sources', relative(input.sourcesDir, file));
      mkdirSync(dirname(copy), { recursive: true });
      writeFileSync(copy, readFileSync(file));
    }
    writeFileSync(join(temporary, `${input.document}.pdf`), pdf);
    writeFileSync(join(temporary, 'edition.json'), `${JSON.stringify(record, null, 2)}\n`);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return record;
}
