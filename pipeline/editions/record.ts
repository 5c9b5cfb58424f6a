import { readFileSync } from 'node:fs';
import type { Job } from '../load/project.ts';
import { createMessage, type Message } from '../messages/message.ts';
import type { Appendix } from '../view.ts';
import { archiveEdition, editionName, readEdition, sha256, type EditionInput } from './archive.ts';
import type { Fingerprints } from './fingerprints.ts';

/** A hash of what a document prints: its prepared view (names, sums, dates resolved; as JSON) and its PDF bilagor. */
export function contentHash(viewJson: string, appendix: readonly Appendix[]): string {
  return sha256(viewJson + appendix.map((a) => sha256(readFileSync(a.file))).join(','));
}

/** What a document's edition is, worked out before it is printed. */
export interface PlannedEdition {
  input: EditionInput;
  id: string;
  /** The edition already in the archive under this id, if any: its PDF's hash and what it was made with. */
  archived?: { pdf: string; made: string };
}

/**
 * Works out a document's edition from what it prints (`content`, see contentHash), and refuses a
 * final edition whose content changed since it was archived: the document
 * is then not built, and the message says how to make a new edition.
 */
export function planEdition(
  editionsDir: string, sourcesDir: string, job: Job, document: string, content: string, appendix: readonly Appendix[],
): { edition?: PlannedEdition; message?: Message } {
  const data = job.source.data as { version: number; status: string; datum?: unknown; beslut?: { organ: string; datum: string } };
  const id = `${document}@${editionName(data.version, data.status, content)}`;
  const archived = readEdition(editionsDir, id);
  if (archived && archived.hashes.content !== content) {
    return { message: createMessage(job.source.path, { line: 1, column: 1 }, 'edition/final-changed', { id, version: data.version }) };
  }
  const input: EditionInput = {
    document, version: data.version, status: data.status, content, source: job.source.data, sourcesDir,
    files: [job.source.absolutePath, ...job.deps.map((d) => d.absolutePath), ...appendix.map((a) => a.file)],
    ...(typeof data.datum === 'string' && { date: data.datum }),
    ...(data.beslut !== undefined && { decision: data.beslut }),
  };
  return { edition: { input, id, ...(archived && { archived: { pdf: archived.hashes.pdf, made: madeWith(archived.hashes, archived.tool.version) } }) } };
}

/**
 * Archives a newly built edition. For one already archived, warns when its
 * PDF came out different although the templates, fonts and tool are those it
 * was made with: after they change, a different PDF is expected, and
 * `handlingar rebuild` says what changed.
 */
export function recordEdition(
  editionsDir: string, edition: PlannedEdition, pdf: Uint8Array, source: string, tool: Fingerprints,
): Message | undefined {
  if (edition.archived) {
    const unexpected = edition.archived.pdf !== sha256(pdf) && edition.archived.made === madeWith(tool, tool.tool);
    return unexpected ? createMessage(source, { line: 1, column: 1 }, 'edition/pdf-differs', { id: edition.id }) : undefined;
  }
  try {
    archiveEdition(editionsDir, edition.input, pdf, tool);
    return undefined;
  } catch (error) {
    return createMessage(source, { line: 1, column: 1 }, 'edition/archive-failed', { error: (error as Error).message });
  }
}

function madeWith(hashes: { templates: string; fonts: string }, tool: string): string {
  return `${hashes.templates}|${hashes.fonts}|${tool}`;
}
