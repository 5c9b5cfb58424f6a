import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type EditionRecord, editionSourcesDir } from '../archive/editions.ts';
import { checkEdition } from '../archive/verify.ts';
import { chromiumVersionOf } from '../core/commit.ts';
import { readChecked } from '../core/files.ts';
import { fingerprints } from '../core/fingerprints.ts';
import { sha256 } from '../core/hash.ts';
import { hasErrors, type Message, MessageError } from '../core/message.ts';
import { removedAtExit } from '../core/processes.ts';
import { findChromium } from '../print/chromium.ts';
import { build } from './build.ts';
import { buildWith, checkoutOf, toolCommit } from './recorded-tool.ts';

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
  /** The commit whose tool rebuilt it, when it was not today's (templates, fonts or code changed since). */
  madeWith?: string;
  /** What that tool said when it could not build. */
  said?: string;
  /** Chromium's version now (the record says what it was, for editions made since it is recorded). */
  chromiumNow?: string;
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
  const removeScratch = removedAtExit(scratch);
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
    const now = fingerprints();
    const changed = [
      ...(now.templates !== record.hashes.templates ? ['templates' as const] : []),
      ...(now.fonts !== record.hashes.fonts ? ['fonts' as const] : []),
      ...(now.tool !== record.tool.version ? ['tool' as const] : []),
    ];
    // Built by the tool that made it: today's when nothing has changed since, else the commit that made it, checked out.
    const commit = changed.length > 0 ? toolCommit(record) : undefined;
    let failures: Message[] = [];
    let said: string | undefined;
    if (commit) {
      const run = await buildWith(checkoutOf(commit), sources, join(sources, record.main), out, scratch);
      if (!run.ok) said = run.said;
    } else {
      const report = await build({ sourcesDir: sources, outDir: out, paths: [join(sources, record.main)] });
      // Why it could not be built, as today's tool sees the archived sources (paths within the edition).
      failures = report.documents.flatMap((d) => d.messages.filter((m) => m.severity === 'error'));
    }
    const file = join(out, `${record.document}.pdf`);
    const pdf = existsSync(file) && said === undefined ? sha256(readFileSync(file)) : undefined;
    const chromium = chromiumVersionOf(findChromium());
    return {
      record,
      ...(pdf && { pdf }),
      problems: [...problems, ...failures],
      identical: pdf === record.hashes.pdf && !hasErrors(problems),
      changed,
      toolNow: now.tool,
      ...(commit && { madeWith: commit }),
      ...(said && { said }),
      ...(chromium && { chromiumNow: chromium }),
    };
  } finally {
    removeScratch();
  }
}
