import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Fingerprints, fingerprints } from '../core/fingerprints.ts';
import { type FileHashes, hashTree, sha256 } from '../core/hash.ts';
import { BuildCache } from '../publish/build-cache.ts';
import { tryLockOutput } from '../publish/lock.ts';
import type { BuildOptions } from './build-options.ts';
import { INDEX_HTML, indexPresent } from './index-files.ts';
import type { BuildReport } from './report.ts';

// A build whose last answer holds loads nothing more than this module and what it imports: reading, validating, rendering
// and printing (build-documents.ts) are loaded only when there is something to do.

export type { BuildOptions } from './build-options.ts';
export type { BuildReport, DocumentResult } from './report.ts';

/**
 * Builds documents: load → validate → prepare (planProject), then render →
 * print → finish → publish → archive for each document whose inputs changed
 * (printDocuments). A document with errors stops alone; the others are
 * built. A PDF is written whole or not at all, so a failed build keeps the
 * previous good one.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const cache = new BuildCache(options.outDir);
  const tool = fingerprints(cache.hashes);
  // Nothing read has changed since the last build and its PDFs are untouched: its answer holds, and no source is read.
  const asked = { paths: options.paths ?? [], editionsDir: options.editionsDir, archive: options.archive !== false };
  const state = buildState(options.sourcesDir, cache.outsideFiles(), tool, options.editionsDir, asked, cache.hashes);
  const last = options.force ? undefined : cache.lastReport<BuildReport>(state);
  const whole = asked.paths.length === 0;
  if (last) {
    for (const d of last.documents) options.onDocument?.(d);
    if (cache.hashes.changed || !indexPresent(options.outDir)) await keepAnswer(last, options, cache, whole);
    return withIndex(last, options.outDir);
  }
  const { buildDocuments } = await import('./build-documents.ts');
  return withIndex(await buildDocuments(options, cache, tool, state, whole), options.outDir);
}

/**
 * What an answer from the last build leaves behind, when the output folder
 * is free: the index, when it was deleted since (the build that made the
 * report wrote it; rendering it costs more than the rest of this answer),
 * and the hashes it took of files changed since, so that the next answer
 * reads even less. A folder another build holds is left to that build.
 */
async function keepAnswer(last: BuildReport, options: BuildOptions, cache: BuildCache, whole: boolean): Promise<void> {
  let unlock: (() => void) | undefined;
  try {
    unlock = tryLockOutput(options.outDir);
    if (!unlock) return;
    if (!indexPresent(options.outDir)) {
      const { writeIndex } = await import('./document-index.ts');
      await writeIndex(last, options.sourcesDir, options.outDir, whole);
    }
    if (cache.hashes.changed) await cache.save();
  } catch {
    // a folder that cannot be written: the next build reads everything again
  } finally {
    unlock?.();
  }
}

/** The report with the index the output folder has (written now, or by another build that holds the folder). */
function withIndex(report: BuildReport, outDir: string): BuildReport {
  const index = join(outDir, INDEX_HTML);
  return existsSync(index) ? { ...report, index } : report;
}

/**
 * A hash of everything a build reads and is asked: every file under the
 * sources folder (names and bytes), PDF bilagor outside it, the templates,
 * fonts and tool, the records of the editions in the archive, and the options.
 */
function buildState(
  sourcesDir: string,
  outside: readonly string[],
  tool: Fingerprints,
  editionsDir: string | undefined,
  options: unknown,
  known: FileHashes,
): string {
  const sources = hashTree(sourcesDir, undefined, known);
  const elsewhere = outside.map((f) => `${f}\0${existsSync(f) ? known.of(f) : '-'}`);
  const editions = editionsDir ? hashTree(editionsDir, /^edition\.json$/, known) : '';
  return sha256(JSON.stringify({ sources, elsewhere, tool, editions, options, cwd: process.cwd() }));
}
