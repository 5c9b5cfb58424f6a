import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = '.handlingar.lock';

/**
 * Takes the output folder for one build: a second build started at the same
 * time waits for the first (up to `waitMs`) and then refuses with a message
 * naming the other build, so two builds never interleave their PDFs or their
 * editions. A lock left by a build that died is taken over.
 */
export async function lockOutput(dir: string, waitMs: number): Promise<() => void> {
  const started = Date.now();
  for (;;) {
    const unlock = tryLockOutput(dir);
    if (unlock) return unlock;
    const holder = holderOf(dir);
    if (Date.now() - started >= waitMs) {
      throw new Error(`another build (process ${holder}) is writing to ${dir}; wait for it to finish, or stop it, and build again`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Takes the output folder if no living build has it (at once, without waiting); undefined when one has. */
export function tryLockOutput(dir: string): (() => void) | undefined {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw cannotWrite(dir, error);
  }
  const file = join(dir, FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(dir, error);
    }
    if (alive(holderOf(dir))) return undefined;
    rmSync(file, { force: true });
  }
  return undefined;
}

function holderOf(dir: string): number {
  try {
    return Number(readFileSync(join(dir, FILE), 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function cannotWrite(dir: string, error: unknown): Error {
  return new Error(`cannot write to the output folder ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); choose another with --out`);
}

function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
