import { closeSync, fstatSync, openSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { sep } from 'node:path';

/** Why a file a source names may not be read. */
export type FileProblem =
  | { kind: 'missing'; code: string }
  | { kind: 'not-a-file'; what: 'folder' | 'pipe' | 'device' | 'socket' | 'other' }
  | { kind: 'outside'; target: string }
  | { kind: 'too-large'; bytes: number; limit: number };

/**
 * Checks, without reading it, that `path` may be read as a source: after its
 * links are followed it is a regular file (not a pipe, which would wait for
 * ever, nor a device such as /dev/zero, which never ends) inside `root`, of
 * at most `limit` bytes. Returns the problem, or the file's real path.
 */
export function checkFile(path: string, root: string, limit: number): { problem: FileProblem } | { real: string } {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    return { problem: { kind: 'missing', code: (error as NodeJS.ErrnoException).code ?? 'EIO' } };
  }
  const inside = realRoot(root);
  if (real !== inside && !real.startsWith(inside + sep)) return { problem: { kind: 'outside', target: real } };
  const stat = statSync(real);
  if (!stat.isFile()) return { problem: { kind: 'not-a-file', what: kindOf(stat) } };
  if (stat.size > limit) return { problem: { kind: 'too-large', bytes: stat.size, limit } };
  return { real };
}

/** Reads a file that `checkFile` allows; the size is checked again on the open file, so a file that grew meanwhile is refused too. */
export function readChecked(path: string, root: string, limit: number): { problem: FileProblem } | { bytes: Buffer } {
  const checked = checkFile(path, root, limit);
  if ('problem' in checked) return checked;
  let fd: number;
  try {
    fd = openSync(checked.real, 'r');
  } catch (error) {
    return { problem: { kind: 'missing', code: (error as NodeJS.ErrnoException).code ?? 'EIO' } };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: { kind: 'not-a-file', what: kindOf(stat) } };
    if (stat.size > limit) return { problem: { kind: 'too-large', bytes: stat.size, limit } };
    return { bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): 'folder' | 'pipe' | 'device' | 'socket' | 'other' {
  if (stat.isDirectory()) return 'folder';
  if (stat.isFIFO()) return 'pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  if (stat.isSocket()) return 'socket';
  return 'other';
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}
