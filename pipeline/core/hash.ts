import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
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
export function hashTree(dir: string, only?: RegExp, known?: FileHashes): string {
  const entries: string[] = [];
  const walk = (d: string) => {
    for (const name of listing(d)) {
      if (name.startsWith('.')) continue;
      const path = join(d, name);
      const stat = statOf(path);
      if (stat?.isDirectory()) walk(path);
      else if (!only || only.test(name))
        entries.push(`${relative(dir, path)}\0${stat?.isFile() ? (known ? known.of(path, stat) : sha256(readFileSync(path))) : kindOf(stat)}`);
    }
  };
  walk(dir);
  return sha256(entries.join('\n'));
}

/** What a file was when its hash was taken: size, modification and change times (ms), and the hash. */
export type KnownHash = [size: number, mtimeMs: number, ctimeMs: number, hash: string];

/**
 * Hashes of files, remembered with each file's size and times, so that a
 * file that has not changed since is not read again (as git's index does).
 * The change time cannot be set back by touch or an editor, and a file
 * changed in the last two seconds is not remembered: it could change again
 * within the grain of its times, unseen.
 */
export class FileHashes {
  private readonly learnt: Record<string, KnownHash> = {};
  private added = false;

  constructor(private readonly known: Readonly<Record<string, KnownHash>> = {}) {}

  /** The hash of the file at `path` (its `stat` when already taken). */
  of(path: string, stat: Stats = statSync(path)): string {
    const entry = this.known[path];
    if (entry && entry[0] === stat.size && entry[1] === stat.mtimeMs && entry[2] === stat.ctimeMs) {
      this.learnt[path] = entry;
      return entry[3];
    }
    const hash = sha256(readFileSync(path));
    if (Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) > 2000) {
      this.learnt[path] = [stat.size, stat.mtimeMs, stat.ctimeMs, hash];
      this.added = true;
    }
    return hash;
  }

  /** True when a hash was taken that is worth remembering. */
  get changed(): boolean {
    return this.added;
  }

  /** The hashes this process used or took: what the next one may trust. */
  toJSON(): Record<string, KnownHash> {
    return this.learnt;
  }
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** How a path that is not a regular file counts: by its kind alone. */
function kindOf(stat: Stats | undefined): 'folder' | 'other' | 'unreadable' {
  return stat === undefined ? 'unreadable' : stat.isDirectory() ? 'folder' : 'other';
}
