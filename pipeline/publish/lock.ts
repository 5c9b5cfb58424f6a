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
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new Error(`cannot write to the output folder ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); choose another with --out`);
  }
  const file = join(dir, FILE);
  const started = Date.now();
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new Error(`cannot write to the output folder ${dir} (${code ?? 'error'}); choose another with --out`);
    }
    const holder = Number(readFileSync(file, 'utf8')) || 0;
    if (!alive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() - started >= waitMs) {
      throw new Error(`another build (process ${holder}) is writing to ${dir}; wait for it to finish, or stop it, and build again`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
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
