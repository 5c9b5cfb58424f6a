import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder (where package.json is), whatever the working directory. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where sources live and where PDFs go, unless the caller says otherwise. */
export const defaultSourcesDir = join(projectRoot, 'sources');
export const defaultOutputDir = join(projectRoot, 'output');
