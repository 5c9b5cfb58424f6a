import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../../pipeline/core/paths.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { copyOfSources } from '../helpers/project.ts';

const run = runCommandLine;

afterEach(() => {
  vi.restoreAllMocks();
});

function brokenCopy() {
  const scratch = copyOfSources();
  const plan = readFileSync(join(projectRoot, 'sources', 'verksamhetsplan', '2023.yaml'), 'utf8');
  scratch.write('verksamhetsplan/2023.yaml', plan.replace('belopp: 668126', 'belopp: 668126\n          summa: 1'));
  return scratch;
}

describe('handlingar validate', () => {
  it('exits 0 on the real sources and prints a Swedish summary', async () => {
    const { code, stdout } = await run('validate');
    expect(code).toBe(0);
    expect(stdout).toMatch(/25 filer kontrollerade: 0 fel, 2 varningar\.\n$/);
  });

  it('exits 1 on an error, and with --strict also on a warning', async () => {
    const scratch = brokenCopy();
    expect((await run('validate', '--sources', scratch.sources)).code).toBe(1);
    expect((await run('validate', '--strict')).code).toBe(1);
  });

  it('gives one JSON object per message with file, line, column, rule id, severity and message', async () => {
    const scratch = brokenCopy();
    const { code, stdout } = await run('validate', '--sources', scratch.sources, '--format', 'json');
    expect(code).toBe(1);
    const messages = JSON.parse(stdout) as Array<Record<string, unknown>>;
    const error = messages.find((m) => m.severity === 'error')!;
    expect(error).toMatchObject({ ruleId: 'schema/unknown-key', message: 'Okänd nyckel "summa" i fältet "budget".' });
    expect(error.file).toMatch(/verksamhetsplan\/2023\.yaml$/);
    expect([typeof error.line, typeof error.column, typeof error.fix]).toEqual(['number', 'number', 'string']);
  });

  it('speaks English with --lang en', async () => {
    const scratch = brokenCopy();
    const { stdout } = await run('validate', '--sources', scratch.sources, '--lang', 'en');
    expect(stdout).toContain('error  Unknown key "summa" in the field "budget".  [schema/unknown-key]');
    expect(stdout).toContain('25 files checked: 1 error, 1 warning.');
  });

  it('exits 2 when it cannot run at all', async () => {
    const missing = await run('validate', join(projectRoot, 'no-such-folder'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `fel  Inga källor hittades i ${join(projectRoot, 'no-such-folder')}.  [cli/no-sources]\n    Åtgärd: Ange en källfil eller en mapp med källor (.yaml), eller källmappen med --sources.\n`,
    );
    expect((await run('validate', '--format', 'xml')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('prints help and exits 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('build [options] [paths...]');
    expect(stdout).toContain('validate [options] [paths...]');
  });
});

describe('the handlingar command', () => {
  it('goes on quietly when its reader stops early (`| head`), instead of crashing with a stack trace', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'handlingar.js'), 'validate', '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('says what to do when there is no Chromium', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const run = spawnSync(
      process.execPath,
      [join(projectRoot, 'bin', 'handlingar.js'), 'build', '--sources', scratch.sources, '--out', scratch.out, '--no-archive'],
      {
        encoding: 'utf8',
        env: { ...process.env, HANDLINGAR_CHROMIUM: '/nowhere/chromium' },
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'Chromium (/nowhere/chromium) kunde inte startas: spawn /nowhere/chromium ENOENT  [print/chromium-failed]\n    Åtgärd: Installera den med `apt-get install -y chromium`, eller sätt HANDLINGAR_CHROMIUM till dess sökväg.',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('bugs found in the command line', () => {
  it('refuses --jobs and --timeout that are not numbers, or not above zero, instead of running with NaN', async () => {
    for (const args of [
      ['--jobs', 'abc'],
      ['--jobs', '0'],
      ['--jobs', '2.5'],
      ['--timeout', 'xyz'],
      ['--timeout', '0'],
      ['--timeout', ''],
    ]) {
      const { code, stderr } = await run('build', ...args, '--out', '/nonexistent/never-written');
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toMatch(
        /^error: option '--(jobs <n>|timeout <seconds>)' argument '.*' is invalid\. Expected (a whole number of at least 1|a number greater than 0)\.\n$/,
      );
    }
    expect((await run('watch', '--port', 'http')).code).toBe(2);
  });

  it('says its version with --version', async () => {
    const { code, stdout } = await run('--version');
    expect(code).toBe(0);
    expect(stdout).toBe(`${(JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('check names a file it cannot read, or that is not a PDF, with a message instead of a raw ENOENT, and checks the others', async () => {
    const scratch = copyOfSources();
    const notPdf = scratch.write('inte-en.pdf', 'hej');
    const { code, stdout, stderr } = await run('check', 'nosuch.pdf', notPdf);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('✗ nosuch.pdf\n    nosuch.pdf  fel  Filen kan inte läsas (ENOENT).  [load/unreadable]\n');
    expect(stdout).toMatch(/✗ .*inte-en\.pdf\n {4}.*inte-en\.pdf {2}fel {2}Filen kan inte läsas som PDF \(.+\)\. {2}\[pdf\/unreadable\]/);
    expect((await run('check', '--lang', 'en', 'nosuch.pdf')).stdout).toContain('nosuch.pdf  error  The file cannot be read (ENOENT).  [load/unreadable]');
  });

  it("validate of a file outside sources/ finds the file's own sources folder (with its register) instead of saying no sources were found", async () => {
    const scratch = brokenCopy();
    const plan = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
    const { code, stdout } = await run('validate', plan);
    expect(code).toBe(1);
    expect(stdout).toContain(`${relative(process.cwd(), plan)}:`);
    expect(stdout).toContain('[schema/unknown-key]');
    // The plan, and what it depends on: the register and its two bilaga files.
    expect(stdout).toMatch(/4 filer kontrollerade: 1 fel, 0 varningar\.\n$/);
    // Files of two sources folders cannot be validated as one project.
    const other = join(projectRoot, 'sources', 'register.yaml');
    const mixed = await run('validate', plan, other);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('ligger inte i källmappen');
  });

  it('refuses to compare documents of different kinds, in Swedish and in English', async () => {
    const sv = await run('diff', 'verksamhetsplan-2023@v2', 'minnesanteckningar-ledningsgruppen-2023-10-27@v2');
    expect(sv.code).toBe(2);
    expect(sv.stdout).toBe('');
    expect(sv.stderr).toContain(
      'är en verksamhetsplan och minnesanteckningar-ledningsgruppen-2023-10-27@v2 minnesanteckningar: olika slags handlingar jämförs inte.',
    );
    const en = await run('--lang', 'en', 'diff', 'verksamhetsplan-2023@v2', 'minnesanteckningar-ledningsgruppen-2023-10-27@v2');
    expect(en.stderr).toContain('documents of different kinds are not compared');
  });

  it('names the editions of the same document when an edition asked for is not there', async () => {
    const { code, stderr } = await run('rebuild', 'verksamhetsplan-2023@v9');
    expect(code).toBe(2);
    expect(stderr).toContain('Det finns ingen utgåva "verksamhetsplan-2023@v9"');
    expect(stderr).toContain('Åtgärd: Utgåvor av samma dokument: verksamhetsplan-2023@v1-utkast-7704974e, verksamhetsplan-2023@v2, verksamhetsplan-2023@v3.');
    // A document name mistyped (a year's digits swapped), or begun: the editions of the one nearest in name.
    expect((await run('diff', 'verksamhetsplan-2032@v1', 'verksamhetsplan-2023@v2')).stderr).toContain(
      'Åtgärd: Menade du: verksamhetsplan-2023@v1-utkast-7704974e, verksamhetsplan-2023@v2, verksamhetsplan-2023@v3?',
    );
    expect((await run('diff', 'minnesanteckningar@v1', 'verksamhetsplan-2023@v2')).stderr).toContain(
      'Menade du: minnesanteckningar-ledningsgruppen-2023-10-27@v1, minnesanteckningar-ledningsgruppen-2023-10-27@v2?',
    );
  });
});
