import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FileHashes, hashTree, sha256 } from './hash.ts';
import { projectRoot } from './paths.ts';

/** Hashes of what else shapes a PDF besides its sources: the templates, the fonts, and the tool (its version and code). */
export interface Fingerprints {
  templates: string;
  fonts: string;
  tool: string;
}

/** The fingerprints of this checkout, as they are now (files unchanged since `known` hashed them are not read again). */
export function fingerprints(known?: FileHashes): Fingerprints {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  return {
    templates: hashTree(join(projectRoot, 'templates'), undefined, known),
    fonts: sha256(
      hashTree(join(projectRoot, 'node_modules', '@fontsource', 'source-sans-3', 'files'), /-latin(-ext)?-(400|600|700)-(normal|italic)\.woff2$/, known) +
        hashTree(join(projectRoot, 'node_modules', '@fontsource', 'noto-sans-symbols', 'files'), /-symbols-400-normal\.woff2$/, known),
    ),
    tool: `${pkg.version}+${hashTree(join(projectRoot, 'pipeline'), undefined, known).slice(0, 12)}`,
  };
}
