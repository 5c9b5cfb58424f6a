import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EditionRecord } from '../archive/editions.ts';
import { git } from '../core/commit.ts';
import { hashTree, sha256 } from '../core/hash.ts';
import { projectRoot } from '../core/paths.ts';
import { processesNaming, removedAtExit } from '../core/processes.ts';

// The tool that made an edition, found again: the commit of this repository
// whose code, templates and package versions built it, checked out once into
// a cache with its own packages, and run on the archived sources.

/** Where checkouts of earlier commits are kept between rebuilds (ignored by git with node_modules). */
const cacheDir = join(projectRoot, 'node_modules', '.cache', 'handlingar', 'tools');

/**
 * The commit whose code made an edition: the one its record names, or else
 * (records written before commits were recorded) the commit, among those
 * that wrote the record, whose pipeline/ and templates/ hash to what the
 * record says. Undefined when the history does not have it (a shallow clone).
 */
export function toolCommit(record: EditionRecord): string | undefined {
  const named = record.tool.commit;
  try {
    if (named) return git('cat-file', '-t', named) === 'commit' ? named : undefined;
    // The record as committed in this repository's archive (a copy of the archive elsewhere has the same history).
    const [document, name] = record.id.split('@');
    for (const commit of git('log', '--format=%H', '--', `editions/${document}/${name}/edition.json`).split('\n').filter(Boolean)) {
      const tree = mkdtempSync(join(tmpdir(), 'handlingar-tool-'));
      try {
        extract(commit, tree, 'pipeline', 'templates', 'package.json');
        const version = (JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')) as { version: string }).version;
        const tool = `${version}+${hashTree(join(tree, 'pipeline')).slice(0, 12)}`;
        if (tool === record.tool.version && hashTree(join(tree, 'templates')) === record.hashes.templates) return commit;
      } finally {
        rmSync(tree, { recursive: true, force: true });
      }
    }
  } catch {
    /* not a git checkout, or git is missing */
  }
  return undefined;
}

/** Writes the files of `commit` (all, or those under `paths`) into `dir`, as git archive gives them. */
function extract(commit: string, dir: string, ...paths: string[]): void {
  const script = 'dir=$1 root=$2 commit=$3; shift 3; git -C "$root" archive "$commit" "$@" | tar -x -C "$dir"';
  execFileSync('sh', ['-c', script, 'sh', dir, projectRoot, commit, ...paths]);
}

/**
 * A checkout of `commit` with its packages, made once: the packages of this
 * checkout when the lock is the same, else its own `npm ci`. Made aside and
 * renamed into place, so a checkout is there whole or not at all; packages
 * gone since (a link to a checkout that was removed) are put back.
 */
export function checkoutOf(commit: string): string {
  const dir = join(cacheDir, commit);
  if (existsSync(join(dir, 'bin', 'handlingar.js'))) {
    if (!hasPackages(dir)) providePackages(dir);
    return dir;
  }
  mkdirSync(cacheDir, { recursive: true });
  const aside = `${dir}.${process.pid}.tmp`;
  rmSync(aside, { recursive: true, force: true });
  mkdirSync(aside);
  try {
    extract(commit, aside);
    providePackages(aside);
    renameSync(aside, dir);
  } catch (error) {
    rmSync(aside, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

/** True when every package a checkout runs with is there (a link to packages that were removed leaves none). */
function hasPackages(dir: string): boolean {
  const { dependencies = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(dependencies).every((name) => existsSync(join(dir, 'node_modules', name, 'package.json')));
}

/**
 * Gives a checkout its packages: a link to this checkout's own (by its real
 * path, which outlives a clone that merely links to it) when the locks are
 * the same, else an install of its lock. The link is made aside and renamed
 * over whatever was there, so two rebuilds may do it at once.
 */
function providePackages(dir: string): void {
  const sameLock = sha256(readFileSync(join(dir, 'package-lock.json'))) === sha256(readFileSync(join(projectRoot, 'package-lock.json')));
  if (!sameLock) {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    installPackages(dir);
    return;
  }
  const packages = join(dir, 'node_modules');
  // A folder of packages (installed when the locks differed) cannot be renamed over; a link can.
  if (lstatSync(packages, { throwIfNoEntry: false })?.isDirectory()) rmSync(packages, { recursive: true });
  const link = `${packages}.${process.pid}.tmp`;
  rmSync(link, { force: true });
  symlinkSync(realpathSync(join(projectRoot, 'node_modules')), link, 'dir');
  renameSync(link, packages);
}

/**
 * Its own packages, as its lock says: only what it runs with, and no install
 * scripts (no browser is downloaded). Some early locks lack other platforms'
 * optional packages, which `npm ci` refuses; `npm install` then installs the
 * locked versions all the same.
 */
function installPackages(dir: string): void {
  const options = { cwd: dir, env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' }, stdio: 'ignore' as const };
  const flags = ['--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  try {
    execFileSync('npm', ['ci', ...flags], options);
  } catch {
    execFileSync('npm', ['install', ...flags], options);
  }
}

/**
 * Builds one source with the command line of a checkout (an earlier
 * commit's), into `out`, with its temporary files under `scratch`; what it
 * said when it failed. Should this process end first (a signal), the build
 * and every process it started are killed: they are found by the scratch
 * folder their command lines name.
 */
export async function buildWith(checkout: string, sources: string, main: string, out: string, scratch: string): Promise<{ ok: boolean; said: string }> {
  // A short folder of its own, not one inside the scratch folder: the tool's Chromium makes its singleton socket
  // below it (in a folder inside its profile, since 2026-12), and a socket's path may not be longer than 107 bytes.
  const temporary = mkdtempSync(join(tmpdir(), 'hr-'));
  const removeTemporary = removedAtExit(temporary);
  try {
    return await runBuild(checkout, [sources, main, out], scratch, temporary);
  } finally {
    removeTemporary();
  }
}

async function runBuild(checkout: string, [sources, main, out]: string[], scratch: string, temporary: string): Promise<{ ok: boolean; said: string }> {
  const child = spawn(
    process.execPath,
    [join(checkout, 'bin', 'handlingar.js'), 'build', '--sources', sources!, '--out', out!, '--no-archive', '--force', main!],
    {
      // From the scratch folder: what it says names the archived files briefly (sources/…).
      cwd: scratch,
      env: { ...process.env, TMPDIR: temporary },
    },
  );
  const killAll = () => {
    for (const pid of [child.pid, ...processesNaming(scratch), ...processesNaming(temporary)]) {
      try {
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  // Before anything else done at exit (the scratch folder's removal): nothing of the build may write there afterwards.
  process.prependOnceListener('exit', killAll);
  let said = '';
  child.stdout.on('data', (chunk) => {
    said += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    said += String(chunk);
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once('close', resolve);
    child.once('error', () => resolve(null));
  });
  process.off('exit', killAll);
  return { ok: code === 0, said: said.trim() };
}
