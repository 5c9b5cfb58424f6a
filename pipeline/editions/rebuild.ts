import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../build.ts';
import { editionSourcesDir, readEdition, sha256, type EditionRecord } from './archive.ts';
import { fingerprints } from './fingerprints.ts';

/** What rebuilding an archived edition showed. */
export interface RebuildResult {
  record: EditionRecord;
  /** The rebuilt PDF's hash, when the build succeeded. */
  pdf?: string;
  identical: boolean;
  /** What differs from when the edition was built: templates, fonts, tool version. */
  changed: string[];
}

/**
 * Rebuilds an archived edition from the files archived with it, in a scratch
 * folder, and compares the PDF's hash with the archived one: equal hashes
 * prove the archive holds everything the edition was made from.
 */
export async function rebuildEdition(editionsDir: string, id: string): Promise<RebuildResult | undefined> {
  const record = readEdition(editionsDir, id);
  if (!record) return undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'handlingar-rebuild-'));
  try {
    const sources = join(scratch, 'sources');
    cpSync(editionSourcesDir(editionsDir, id), sources, { recursive: true });
    const out = join(scratch, 'output');
    const report = await build({ sourcesDir: sources, outDir: out, paths: [join(sources, record.main)] });
    const built = report.documents.find((d) => d.status === 'built');
    const pdf = built ? sha256(readFileSync(join(out, `${record.document}.pdf`))) : undefined;
    const now = fingerprints();
    const changed = [
      ...(now.templates !== record.hashes.templates ? ['mallar (templates/)'] : []),
      ...(now.fonts !== record.hashes.fonts ? ['typsnitt'] : []),
      ...(now.tool !== record.tool.version ? [`verktygets version (${record.tool.version} → ${now.tool})`] : []),
    ];
    return { record, ...(pdf && { pdf }), identical: pdf === record.hashes.pdf, changed };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
