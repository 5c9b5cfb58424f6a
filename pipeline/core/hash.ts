import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The SHA-256 of bytes or text, in hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
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
