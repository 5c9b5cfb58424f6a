import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see either the old file or the whole new one:
 * the bytes go to a temporary file beside it, which is then renamed over it.
 */
export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  pending.add(temporary);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    pending.delete(temporary);
  }
}

/** Temporary files being written right now. */
const pending = new Set<string>();

/** Removes the temporary files of writes still under way (on Ctrl-C): the old PDFs stay as they were. */
export function removePendingWrites(): void {
  for (const file of pending) rmSync(file, { force: true });
  pending.clear();
}
