import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type EditionRecord, editionSourcesDir } from '../archive/editions.ts';
import { checkEdition } from '../archive/verify.ts';
import { readChecked } from '../core/files.ts';
import { fingerprints } from '../core/fingerprints.ts';
import { sha256 } from '../core/hash.ts';
import { hasErrors, type Message, MessageError } from '../core/message.ts';
import { build } from './build.ts';

/** An archived source or bilaga is at most this large (sources 5 MB, PDF bilagor 100 MB). */
const MAX_ARCHIVED_FILE_BYTES = 100 * 1024 * 1024;

/** What rebuilding an archived edition showed. */
export interface RebuildResult {
  record: EditionRecord;
  /** The rebuilt PDF's hash, when the build succeeded. */
  pdf?: string;
  /** How the archived files differ from edition.json (checked before the rebuild), and why the rebuild failed, if it did. */
  problems: Message[];
  /** The rebuilt PDF is the one edition.json names, and the archive holds just what edition.json says. */
  identical: boolean;
  /** What differs from when the edition was built. */
  changed: Array<'templates' | 'fonts' | 'tool'>;
  /** The tool's version now (the record says what it was). */
  toolNow: string;
}

/**
 * Rebuilds an archived edition from the files archived with it, in a scratch
 * folder, and compares the PDF's hash with the one in edition.json, after
 * checking that every archived file is the one edition.json names: equal
 * hashes then prove the archive holds everything the edition was made from.
 * An edition whose edition.json cannot be read is a MessageError naming it.
 */
export async function rebuildEdition(editionsDir: string, id: string): Promise<RebuildResult | undefined> {
  const { record, problems } = checkEdition(editionsDir, id);
  if (!record) {
    if (problems[0]) throw new MessageError(problems[0]);
    return undefined;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'handlingar-rebuild-'));
  // Removed however the process ends, a signal included (the finally below does not run then).
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  process.once('exit', removeScratch);
  try {
    // Only the files edition.json names, each a regular file inside the edition (checkEdition has said what else is there).
    const sources = join(scratch, 'sources');
    const archived = editionSourcesDir(editionsDir, id);
    for (const path of Object.keys(record.hashes.sources)) {
      const read = readChecked(join(archived, path), archived, MAX_ARCHIVED_FILE_BYTES);
      if ('problem' in read) continue;
      mkdirSync(dirname(join(sources, path)), { recursive: true });
      writeFileSync(join(sources, path), read.bytes);
    }
    const out = join(scratch, 'output');
    const report = await build({ sourcesDir: sources, outDir: out, paths: [join(sources, record.main)] });
    const built = report.documents.find((d) => d.status === 'built');
    // Why it could not be built, as today's tool sees the archived sources (paths within the edition).
    const failures = report.documents.flatMap((d) => d.messages.filter((m) => m.severity === 'error'));
    const pdf = built ? sha256(readFileSync(join(out, `${record.document}.pdf`))) : undefined;
    const now = fingerprints();
    const changed = [
      ...(now.templates !== record.hashes.templates ? ['templates' as const] : []),
      ...(now.fonts !== record.hashes.fonts ? ['fonts' as const] : []),
      ...(now.tool !== record.tool.version ? ['tool' as const] : []),
    ];
    return {
      record,
      ...(pdf && { pdf }),
      problems: [...problems, ...failures],
      identical: pdf === record.hashes.pdf && !hasErrors(problems),
      changed,
      toolNow: now.tool,
    };
  } finally {
    process.off('exit', removeScratch);
    removeScratch();
  }
}
