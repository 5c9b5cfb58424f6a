import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Fingerprints } from '../core/fingerprints.ts';
import { sha256 } from '../core/hash.ts';
import { projectRoot } from '../core/paths.ts';

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
  tool: { name: string; version: string };
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

/** Reads an archived edition by id ("document@name"), or undefined when there is none. */
export function readEdition(editionsDir: string, id: string): EditionRecord | undefined {
  const [document, name] = id.split('@');
  const file = join(editionsDir, document ?? '', name ?? '', 'edition.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as EditionRecord) : undefined;
}

/** The ids of every edition in the archive ("document@name"), oldest document first; none when the archive is not a folder. */
export function editionIds(editionsDir: string): string[] {
  const folders = (dir: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    } catch {
      return [];
    }
  };
  return folders(editionsDir).flatMap((document) => folders(join(editionsDir, document)).map((name) => `${document}@${name}`));
}

/** Every archived edition, oldest document first. */
export function listEditions(editionsDir: string): EditionRecord[] {
  return editionIds(editionsDir).flatMap((id) => readEdition(editionsDir, id) ?? []);
}

/** The folder of an edition's files as they were when it was built. */
export function editionSourcesDir(editionsDir: string, id: string): string {
  const [document, name] = id.split('@');
  return join(editionsDir, document!, name!, 'sources');
}

/** The archived PDF of an edition. */
export function editionPdf(editionsDir: string, id: string): string {
  const [document, name] = id.split('@');
  return join(editionsDir, document!, name!, `${document}.pdf`);
}

/**
 * Archives an edition: its record, copies of the files it was built from, and
 * its PDF. Written to a temporary folder and renamed into place, so an
 * edition is there whole or not at all; an existing edition is never touched.
 */
export function archiveEdition(editionsDir: string, input: EditionInput, pdf: Uint8Array, fingerprints: Fingerprints): EditionRecord {
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
    tool: { name: 'handlingar', version: fingerprints.tool },
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
