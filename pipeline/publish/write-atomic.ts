import { rmSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see either the old file or the whole new
 * one, even after a crash or a power cut: the bytes go to a temporary file
 * beside it, are flushed to the disk (fsync), and the temporary file is
 * renamed over the old one; the folder is flushed too, so that the rename
 * itself is kept. A write that fails (a full disk) removes its temporary
 * file and leaves the old one as it was. (Not write-file-atomic: it writes
 * with one `fs.write` and never looks at how much was written, so on a full
 * disk it renames a truncated file into place; see docs/decisions.md.)
 */
export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  pending.add(temporary);
  try {
    const file = await open(temporary, 'w');
    try {
      // writeFile writes until every byte is written, or throws (ENOSPC).
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    await syncFolder(dirname(path));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    pending.delete(temporary);
  }
}

/** Writes a file as writeAtomic does, unless it already has exactly these bytes: a file the build would not change keeps its time. */
export async function writeAtomicIfChanged(path: string, bytes: Uint8Array): Promise<void> {
  const old = await readFile(path).catch(() => undefined);
  if (old?.equals(bytes)) return;
  await writeAtomic(path, bytes);
}

/** Flushes a folder's entries (a rename) to the disk; a system that cannot is left to flush it in its own time. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // a folder that cannot be opened, or a file system that refuses fsync on one: the rename stands all the same
  }
}

/** Temporary files being written right now. */
const pending = new Set<string>();

// A process that ends in the middle of a write (Ctrl-C) removes its temporary files: the old files stay as they were.
process.on('exit', () => {
  for (const file of pending) rmSync(file, { force: true });
});
