import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The index's files, named apart from what writes them (document-index.ts), so that a build whose last answer holds can
// see they are there without loading the templates.

/** The index's file names in the output folder. */
export const INDEX_HTML = 'index.html';
export const INDEX_JSON = 'index.json';

/** True when the output folder has both files of the index. */
export function indexPresent(outDir: string): boolean {
  return existsSync(join(outDir, INDEX_HTML)) && existsSync(join(outDir, INDEX_JSON));
}
