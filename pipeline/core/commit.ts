import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './hash.ts';
import { projectRoot } from './paths.ts';

/** Runs git in this repository; its output, trimmed. Throws when git cannot (not a checkout, no git). */
export function git(...args: string[]): string {
  return execFileSync('git', ['-C', projectRoot, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/** The commit checked out now, when pipeline/, templates/ and the packages are as committed (else no commit is the tool). */
export function currentCommit(): string | undefined {
  try {
    if (git('status', '--porcelain', '--', 'pipeline', 'templates', 'package.json', 'package-lock.json') !== '') return undefined;
    return git('rev-parse', 'HEAD');
  } catch {
    return undefined;
  }
}

/** The hash of the committed lock: which packages the tool ran with. */
export function lockHash(): string {
  return sha256(readFileSync(join(projectRoot, 'package-lock.json')));
}

/** What a Chromium executable says its version is ("Chromium 156.0.8078.73"), if it says. */
export function chromiumVersionOf(executable: string | undefined): string | undefined {
  if (!executable) return undefined;
  const run = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return run.status === 0 ? run.stdout.trim() || undefined : undefined;
}
