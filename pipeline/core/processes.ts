import { readdirSync, readFileSync } from 'node:fs';

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
