import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (where package.json is), whatever the working
 * directory, and whether this code runs from pipeline/ or compiled from dist/.
 */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) return join(dir, '..');
  }
}

/** Where sources live and where PDFs go, unless the caller says otherwise. */
export const defaultSourcesDir = join(projectRoot, 'sources');
export const defaultOutputDir = join(projectRoot, 'output');
