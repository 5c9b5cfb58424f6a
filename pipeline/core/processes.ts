import { readdirSync, readFileSync, rmSync } from 'node:fs';

/**
 * How a folder that processes of ours wrote in is removed (rmSync): tried
 * again a few times, since a process killed a moment ago may still add a
 * file to it (ENOTEMPTY).
 */
export const removeWhole = { recursive: true, force: true, maxRetries: 5, retryDelay: 20 } as const;

/**
 * Removes `folder` when this process exits, however it ends (a signal
 * included, where a `finally` does not run); the function returned removes
 * it now instead. A folder that cannot be removed is left to the system.
 */
export function removedAtExit(folder: string): () => void {
  const remove = () => {
    try {
      rmSync(folder, removeWhole);
    } catch {
      /* a temporary folder left for the system to clean */
    }
  };
  process.once('exit', remove);
  return () => {
    process.off('exit', remove);
    remove();
  };
}

/** The processes whose command line names `marker` (a folder of ours: a profile, a scratch folder), read from /proc; none elsewhere. */
export function processesNaming(marker: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.flatMap((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}
