import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../paths.ts';
import { sha256 } from './archive.ts';

/** Hashes of what else shapes a PDF besides its sources: the templates, the fonts, and the tool (its version and code). */
export interface Fingerprints {
  templates: string;
  fonts: string;
  tool: string;
}

/** The fingerprints of this checkout, as they are now. */
export function fingerprints(): Fingerprints {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  return {
    templates: hashTree(join(projectRoot, 'templates')),
    fonts: hashTree(join(projectRoot, 'node_modules', '@fontsource', 'source-sans-3', 'files'), /-latin(-ext)?-(400|600|700)-(normal|italic)\.woff2$/),
    tool: `${pkg.version}+${hashTree(join(projectRoot, 'pipeline')).slice(0, 12)}`,
  };
}

/** A hash of every file below `dir` (or those whose name `only` matches): their paths within it and their bytes. */
export function hashTree(dir: string, only?: RegExp): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!only || only.test(name)) files.push(path);
    }
  };
  walk(dir);
  return sha256(files.map((f) => `${relative(dir, f)}\0${sha256(readFileSync(f))}`).join('\n'));
}
