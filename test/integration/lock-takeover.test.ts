import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipeline/core/paths.ts';
import { tryLockOutput } from '../../pipeline/publish/lock.ts';
import { scratchDir } from '../helpers/scratch.ts';

function contender() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test', 'helpers', 'lock-contender.ts')], { cwd: projectRoot });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async say(line: string): Promise<string> {
      child.stdin.write(`${line}\n`);
      return String((await lines.next()).value);
    },
  };
}

/** Makes everything in a folder look a minute old, as a lock nobody kept fresh does. */
function age(dir: string) {
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const name of readdirSync(dir, { recursive: true })) utimesSync(join(dir, String(name)), minuteAgo, minuteAgo);
}

describe('two builds taking over a stale lock at the same moment', () => {
  it('never both get it', { timeout: 120_000 }, async () => {
    const a = contender();
    const b = contender();
    try {
      // Both started and answering before the first trial: the test's own lock would otherwise refresh itself (every 5 s)
      // while a contender is still starting, and be stale to neither.
      expect(await Promise.all([a.say('release'), b.say('release')])).toEqual(['released', 'released']);
      let both = 0;
      let none = 0;
      for (let trial = 0; trial < 150; trial++) {
        const out = join(scratchDir('race-'), 'out');
        const dead = tryLockOutput(out)!; // a build that died holding the folder: nobody keeps its lock fresh
        age(out);
        const answers = await Promise.all([a.say(out), b.say(out)]);
        if (answers.every((x) => x === 'got')) both++;
        if (answers.every((x) => x === 'no')) none++;
        await Promise.all([a.say('release'), b.say('release')]);
        dead(); // gives back nothing: the lock is no longer the dead build's
      }
      // Exactly one of the two, every time (with proper-lockfile, both did in 5 of 150 trials).
      expect({ both, none }).toEqual({ both: 0, none: 0 });

      // A living build's lock is taken by neither.
      const out = join(scratchDir('race-'), 'out');
      const living = tryLockOutput(out)!;
      expect(await Promise.all([a.say(out), b.say(out)])).toEqual(['no', 'no']);
      living();
    } finally {
      a.child.kill();
      b.child.kill();
    }
  });

  it('a takeover cut short (its claim left behind) is taken over in its turn once stale, and stray files do not keep a lock (found in review)', () => {
    const out = join(scratchDir('claim-'), 'out');
    const dead = tryLockOutput(out)!;
    const lock = join(out, '.handlingar-lock');
    const [owner] = readdirSync(lock);
    mkdirSync(join(lock, `claim-${owner}`));
    age(out);
    const unlock = tryLockOutput(out);
    expect(unlock).toBeDefined();
    dead();
    // A file an operating system put in the lock does not keep it when its holder gives it back.
    writeFileSync(join(lock, '.DS_Store'), '');
    unlock!();
    expect(readdirSync(out)).toEqual([]);
  });
});
