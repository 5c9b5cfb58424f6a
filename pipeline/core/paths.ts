import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
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
/** The documents' look: Handlebars templates and CSS for the PDF, the package's fixed parts for the DOCX. */
export const templatesDir = join(projectRoot, 'templates');

/**
 * The sources folder a file or folder belongs to: the nearest folder that
 * holds a register.yaml (every project has one), starting from the folder
 * itself; undefined when there is none.
 */
export function sourcesFolderOf(path: string): string | undefined {
  const start = resolve(path);
  for (let dir = isFolder(start) ? start : dirname(start); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'register.yaml'))) return dir;
  }
  return undefined;
}

/** True for a folder (after following links); false for anything else, or nothing. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A path as a user finds it from where they are: relative to the working folder when it is below it, else whole. */
export function shownPath(path: string): string {
  const within = relative(process.cwd(), path);
  return within.startsWith('..') || isAbsolute(within) ? path : within;
}
