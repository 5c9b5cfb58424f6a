import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { defineRule, messageError } from '../core/message.ts';

/** Who holds the folder, as the holder wrote it down. */
interface Holder {
  pid: number;
  host: string;
}

const locked = defineRule<{ dir: string; holder?: Holder }>('output/locked', 'error', {
  sv: ({ dir, holder }) => ({
    reason: `Ett annat bygge${holder ? ` (process ${holder.pid} på ${holder.host})` : ''} skriver till ${dir}.`,
    fix: 'Vänta tills det är klart, eller stoppa det, och bygg igen; eller bygg till en annan mapp med --out.',
  }),
  en: ({ dir, holder }) => ({
    reason: `Another build${holder ? ` (process ${holder.pid} on ${holder.host})` : ''} is writing to ${dir}.`,
    fix: 'Wait for it to finish, or stop it, and build again; or build into another folder with --out.',
  }),
});
const unwritable = defineRule<{ dir: string; code: string }>('output/unwritable', 'error', {
  sv: ({ dir, code }) => ({
    reason: `Det går inte att skriva i mappen ${dir} (${code}).`,
    fix: 'Välj en annan mapp med --out, eller kontrollera mappens behörigheter.',
  }),
  en: ({ dir, code }) => ({
    reason: `The folder ${dir} cannot be written to (${code}).`,
    fix: "Choose another folder with --out, or check the folder's permissions.",
  }),
});

// Not ".handlingar.lock", where earlier versions kept a lock file: one left by a build they ran cannot be in the way.
const LOCK = '.handlingar-lock';
const HOLDER = '.handlingar-lock.json';
/** A lock not kept fresh for this long belongs to a build that died (it is refreshed every half of it). */
const STALE_MS = 20_000;

/**
 * Takes the output folder for one build: a second build started at the same
 * time waits for the first (up to `waitMs`) and then refuses with a message
 * naming the other build, so two builds never interleave their PDFs or their
 * editions. The lock is proper-lockfile's: a folder made atomically and kept
 * fresh while the build runs, so that a lock left by a build that died (or
 * by another machine on a shared disk) is taken over once it is stale.
 */
export async function lockOutput(dir: string, waitMs: number): Promise<() => void> {
  const started = Date.now();
  for (;;) {
    const unlock = tryLockOutput(dir);
    if (unlock) return unlock;
    if (Date.now() - started >= waitMs) {
      const holder = holderOf(dir);
      throw messageError(locked, { dir, ...(holder && { holder }) });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Takes the output folder if no living build has it (at once, without waiting); undefined when one has. */
export function tryLockOutput(dir: string): (() => void) | undefined {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw messageError(unwritable, { dir, code: codeOf(error) });
  }
  let release: () => void;
  try {
    release = lockfile.lockSync(dir, { lockfilePath: join(dir, LOCK), stale: STALE_MS, realpath: false, onCompromised: () => undefined });
  } catch (error) {
    if (codeOf(error) === 'ELOCKED') return undefined;
    throw messageError(unwritable, { dir, code: codeOf(error) });
  }
  const holder = join(dir, HOLDER);
  const forget = () => rmSync(holder, { force: true });
  try {
    writeFileSync(holder, JSON.stringify({ pid: process.pid, host: hostname() } satisfies Holder));
  } catch {
    // a full disk: the lock holds all the same; a waiting build cannot name its holder
  }
  process.once('exit', forget);
  return () => {
    process.off('exit', forget);
    forget();
    try {
      release();
    } catch {
      /* already released, or taken over as stale */
    }
  };
}

/** Who holds the folder, if the holder has said so yet. */
function holderOf(dir: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(join(dir, HOLDER), 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? { pid: holder.pid, host: holder.host } : undefined;
  } catch {
    return undefined;
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}
