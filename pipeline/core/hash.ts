import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The SHA-256 of bytes or text, in hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A hash of every file below `dir` (or those whose name `only` matches):
 * their paths within it and their bytes. Names starting with a dot (an
 * editor's lock and swap files) are left out; what is not a regular file, or
 * cannot be read (a broken link, a pipe), counts by its name and kind alone,
 * and is never read. A folder that is not there hashes as an empty one.
 */
export function hashTree(dir: string, only?: RegExp): string {
  const entries: string[] = [];
  const walk = (d: string) => {
    for (const name of listing(d)) {
      if (name.startsWith('.')) continue;
      const path = join(d, name);
      const kind = kindOf(path);
      if (kind === 'folder') walk(path);
      else if (!only || only.test(name)) entries.push(`${relative(dir, path)}\0${kind === 'file' ? sha256(readFileSync(path)) : kind}`);
    }
  };
  walk(dir);
  return sha256(entries.join('\n'));
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function kindOf(path: string): 'file' | 'folder' | 'other' | 'unreadable' {
  try {
    const stat = statSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'unreadable';
  }
}
