import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
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

/**
 * The lock is a folder holding one file, `owner-<nonce>`, that names its
 * holder; the holder touches that file every few seconds. Earlier versions
 * kept an empty folder of the same name (and a note beside it): such a
 * folder is replaced, as a lock with no holder.
 */
const LOCK = '.handlingar-lock';
const LEGACY_NOTE = '.handlingar-lock.json';
/** A lock whose owner file has not been touched for this long belongs to a build that died. */
const STALE_MS = 20_000;
const REFRESH_MS = 5_000;

/**
 * Takes the output folder for one build: a second build started at the same
 * time waits for the first (up to `waitMs`) and then refuses with a message
 * naming the other build, so two builds never interleave their PDFs or their
 * editions. A lock left by a build that died (or by another machine on a
 * shared disk) is taken over once it is stale.
 */
export async function lockOutput(dir: string, waitMs: number): Promise<() => void> {
  const started = Date.now();
  for (;;) {
    const unlock = tryLockOutput(dir);
    if (unlock) return unlock;
    if (Date.now() - started >= waitMs) {
      const holder = holderOf(join(dir, LOCK));
      throw messageError(locked, { dir, ...(holder && { holder }) });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Takes the output folder if no living build has it (at once, without waiting); undefined when one has. */
export function tryLockOutput(dir: string): (() => void) | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, LOCK);
    // Only a lock that vanished between two steps sends us round again; a few rounds are plenty.
    for (let round = 0; round < 5; round++) {
      const unlock = create(lock);
      if (unlock) {
        removeLeftovers(dir);
        return unlock;
      }
      if (takeOver(lock) === 'held') return undefined;
    }
    return undefined;
  } catch (error) {
    throw messageError(unwritable, { dir, code: codeOf(error) });
  }
}

/** What a build killed while taking or giving back the lock left beside it (a folder made aside, one moved aside), and an earlier version's note. */
function removeLeftovers(dir: string): void {
  rmSync(join(dir, LEGACY_NOTE), { force: true });
  for (const name of entriesOf(dir) ?? []) {
    if (/^\.handlingar-lock\.(new|gone)-[0-9a-f]+$/.test(name) && isStale(join(dir, name))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Makes the lock whole or not at all: a folder with its owner file is made
 * aside and renamed into place, which fails while another lock is there
 * (a folder that is not empty cannot be renamed over).
 */
function create(lock: string): (() => void) | undefined {
  const nonce = randomBytes(9).toString('hex');
  const aside = `${lock}.new-${nonce}`;
  mkdirSync(aside);
  try {
    writeFileSync(join(aside, `owner-${nonce}`), JSON.stringify({ pid: process.pid, host: hostname() } satisfies Holder));
    renameSync(aside, lock);
  } catch (error) {
    rmSync(aside, { recursive: true, force: true });
    if (codeOf(error) === 'ENOTEMPTY' || codeOf(error) === 'EEXIST') return undefined;
    throw error;
  }
  return hold(lock, nonce);
}

/** Keeps the lock fresh while the process lives; the function returned gives it back. */
function hold(lock: string, nonce: string): () => void {
  const owner = join(lock, `owner-${nonce}`);
  const refresh = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(owner, now, now);
    } catch {
      clearInterval(refresh); // taken over: this process stalled for longer than STALE_MS
    }
  }, REFRESH_MS);
  refresh.unref();
  const release = () => {
    clearInterval(refresh);
    process.off('exit', release);
    // Ours still, and nobody taking it over: moved aside whole, then removed.
    const entries = entriesOf(lock);
    if (!entries?.includes(`owner-${nonce}`) || entries.some((name) => name.startsWith('claim-'))) return;
    const gone = `${lock}.gone-${nonce}`;
    try {
      renameSync(lock, gone);
    } catch {
      return;
    }
    rmSync(gone, { recursive: true, force: true });
  };
  process.once('exit', release);
  return release;
}

/**
 * Removes a stale lock, so that the caller may try to create its own. Two
 * builds may find the same stale lock at the same moment: each claims it by
 * making `claim-<owner>` in it, which only one of them can, and the one that
 * did then checks that its claim landed in that same lock (the owner file is
 * still there, still stale) before moving it aside. A claim that landed in a
 * newer lock is taken back. A claim left by a build that died while taking
 * over is itself stale after a while, and is claimed the same way, inside it.
 */
function takeOver(lock: string): 'held' | 'gone' {
  const entries = entriesOf(lock);
  if (!entries) return 'gone';
  const owner = entries.find((name) => name.startsWith('owner-'));
  // A lock with no owner file is an earlier version's (an empty folder, which create() replaces), or one with stray files.
  if (owner === undefined && entries.length === 0) return 'gone';
  const staleSince = owner === undefined ? lock : join(lock, owner);
  if (!isStale(staleSince)) return 'held';
  let claim = join(lock, `claim-${owner ?? 'none'}`);
  for (let depth = 0; ; depth++) {
    try {
      mkdirSync(claim);
      break;
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return 'gone';
      if (codeOf(error) !== 'EEXIST' || depth >= 8 || !isStale(claim)) return 'held';
      claim = join(claim, 'claim');
    }
  }
  const same = owner === undefined ? !entriesOf(lock)?.some((name) => name.startsWith('owner-')) : isStale(join(lock, owner));
  if (!same) {
    rmSync(claim, { recursive: true, force: true });
    return 'held';
  }
  const gone = `${lock}.gone-${randomBytes(9).toString('hex')}`;
  renameSync(lock, gone);
  rmSync(gone, { recursive: true, force: true });
  return 'gone';
}

/** Whether a lock's owner file (or a claim) exists and has not been touched for STALE_MS (false when it is gone). */
function isStale(owner: string): boolean {
  try {
    return Date.now() - statSync(owner).mtimeMs >= STALE_MS;
  } catch {
    return false;
  }
}

function entriesOf(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Who holds the lock, if it says. */
function holderOf(lock: string): Holder | undefined {
  const owner = entriesOf(lock)?.find((name) => name.startsWith('owner-'));
  if (owner === undefined) return undefined;
  try {
    const holder = JSON.parse(readFileSync(join(lock, owner), 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? { pid: holder.pid, host: holder.host } : undefined;
  } catch {
    return undefined;
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}
