import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEditions, readEdition } from '../../pipeline/archive/editions.ts';
import { currentCommit, lockHash } from '../../pipeline/core/commit.ts';
import { projectRoot } from '../../pipeline/core/paths.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** `handlingar rebuild <id>` with the command line of the checkout `repo`, in it: its exit code and what it said. */
function rebuild(repo: string, id: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repo, 'bin', 'handlingar.js'), 'rebuild', id], { cwd: repo });
    let [stdout, stderr] = ['', ''];
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Where rebuilds keep the checkouts of earlier commits (see orchestrate/recorded-tool.ts). */
const toolsDir = join(projectRoot, 'node_modules', '.cache', 'handlingar', 'tools');

describe('an edition rebuilt as the code evolves', () => {
  it('after a committed template change, every final edition in the archive still rebuilds byte-identical, with the tool that made it', {
    // Old tools' packages are installed on a fresh checkout (npm ci per lock file) before their rebuilds.
    timeout: 1_200_000,
  }, async () => {
    // A clone of this repository, its packages this checkout's, and a change to the templates committed in it.
    const repo = join(scratchDir('clone-'), 'repo');
    expect(spawnSync('git', ['clone', '--quiet', projectRoot, repo]).status).toBe(0);
    symlinkSync(join(projectRoot, 'node_modules'), join(repo, 'node_modules'), 'dir');
    appendFileSync(join(repo, 'templates', 'css', 'base.css'), '\nh1 { letter-spacing: 0.01em; }\n');
    const commit = spawnSync(
      'git',
      ['-C', repo, '-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'commit', '--quiet', '-am', 'A template change'],
      {
        encoding: 'utf8',
      },
    );
    expect(commit.status, commit.stderr).toBe(0);

    // A shallow clone (some CI) has no earlier commits: the rebuild then says what changed instead of claiming identity.
    const shallow = spawnSync('git', ['-C', projectRoot, 'rev-parse', '--is-shallow-repository'], { encoding: 'utf8' }).stdout.trim() === 'true';
    // Every final edition, and a draft made by a tool whose Chromium keeps its temporary files in its profile (a bug: under
    // the rebuild's scratch folder its socket's path grew past the 107 bytes a socket may have, and it could not start).
    const made = listEditions(join(repo, 'editions'));
    const finals = made.filter((e) => e.status !== 'utkast' || e.id === 'tjansteskrivelse-vp-2023-tyreso@v1-utkast-f55d22bf');
    expect(finals.map((e) => e.id)).toEqual(
      expect.arrayContaining(['verksamhetsplan-2020@v1', 'verksamhetsplan-2023@v2', 'tjansteskrivelse-vp-2023-tyreso@v1-utkast-f55d22bf']),
    );
    // Each rebuild runs while this worker's event loop goes on (a synchronous spawn held it for minutes on one core,
    // and vitest's own messages timed out).
    const rebuildAll = async () => {
      for (const edition of finals) {
        const run = await rebuild(repo, edition.id);
        if (shallow) {
          expect(run.stdout).toContain('Ändrat sedan utgåvan byggdes: mallar (templates/)');
          continue;
        }
        expect(run.code, `${edition.id}: ${run.stdout}${run.stderr}`).toBe(0);
        expect(run.stdout).toMatch(
          new RegExp(`^✓ ${edition.id}: den ombyggda PDF:en med verktyget från commit [0-9a-f]{12}, som gjorde utgåvan, är identisk med arkivets`, 'm'),
        );
      }
    };
    await rebuildAll();
    if (shallow) return;

    // The checkouts are cached between rebuilds, and outlive this clone: none may use packages through it.
    const cached = readdirSync(toolsDir).map((name) => join(toolsDir, name, 'node_modules'));
    expect(cached.length).toBeGreaterThan(0);
    for (const packages of cached.filter((p) => lstatSync(p).isSymbolicLink())) expect(readlinkSync(packages).startsWith(repo)).toBe(false);
    // Packages gone from under a cached checkout (as a removed clone's once were) are put back, not printed without.
    const gone = join(scratchDir('gone-'), 'node_modules');
    for (const packages of cached.filter((p) => lstatSync(p).isSymbolicLink())) {
      rmSync(packages);
      symlinkSync(gone, packages, 'dir');
    }
    await rebuildAll();
  });

  it('records the commit, the packages and Chromium that made a new edition', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const editionsDir = scratchDir('handlingar-editions-');
    const minutes = join(scratch.sources, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml');
    const [document] = (await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [minutes], editionsDir })).documents;
    const { tool } = readEdition(editionsDir, document!.edition!)!;
    expect(tool.lock).toBe(lockHash());
    expect(tool.chromium).toMatch(/^Chromium \d+\./);
    // The commit is recorded when the code is as committed (a clean checkout, as in CI), and only then.
    const now = currentCommit();
    if (now) expect(tool.commit).toBe(now);
    else expect(tool.commit).toBeUndefined();
    expect(readFileSync(join(projectRoot, 'package-lock.json')).length).toBeGreaterThan(0);
  });
});
