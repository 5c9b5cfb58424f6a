import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEditionsDir } from '../../pipeline/archive/editions.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** A scratch project: the real sources, and beside them (where build looks by default) a copy of the real archive. */
function project() {
  const scratch = copyOfSources();
  const editions = join(scratch.dir, 'editions');
  cpSync(defaultEditionsDir, editions, { recursive: true });
  return { ...scratch, editions };
}

/** The message lines of an output, as [the file they name, their rule]. */
function named(output: string): string[][] {
  return [...output.matchAll(/^\s*(\S+)\s+(?:fel|varning|error|warning)\s.*\[([a-z-]+\/[a-z-]+)\]$/gm)].map((m) => [m[1]!, m[2]!]);
}

describe('the archive checks itself', () => {
  it('verify and editions name every archived file that is not what its edition.json says, and crash on nothing', async () => {
    const { editions } = project();
    // Every edition in the repository's archive, counted by its record (drafts are added as the letters' print changes).
    const count = readdirSync(editions, { recursive: true }).filter((path) => String(path).endsWith('/edition.json')).length;
    expect(count).toBeGreaterThan(50);
    const clean = await runCommandLine('verify', '--editions', editions);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`Alla ${count} utgåvor stämmer med sina edition.json.`);

    const at = (...path: string[]) => join(editions, ...path);
    // An archived final PDF replaced by garbage (before: editions showed the old hash, rebuild said identical).
    writeFileSync(at('verksamhetsplan-2023', 'v2', 'verksamhetsplan-2023.pdf'), 'garbage');
    // An archived source edited (before: "skiljer sig", without naming the file), one removed, one added.
    writeFileSync(at('verksamhetsplan-2020', 'v1', 'sources', 'verksamhetsplan', '2020.yaml'), 'titel: Något annat\n');
    rmSync(at('verksamhetsplan-2020', 'v1', 'sources', 'register.yaml'));
    writeFileSync(at('verksamhetsplan-2023', 'v2', 'sources', 'extra.yaml'), 'a: 1\n');
    // A link out of the archive and a FIFO: named, never read (a FIFO would hang a read).
    symlinkSync('/etc/passwd', at('verksamhetsplan-2023', 'v2', 'sources', 'passwd'));
    expect(spawnSync('mkfifo', [at('verksamhetsplan-2023', 'v2', 'fifo')]).status).toBe(0);
    // A record deleted, and one that is not JSON (before: dropped from the list, and a crash).
    rmSync(at('minnesanteckningar-ledningsgruppen-2023-10-27', 'v1', 'edition.json'));
    const salem = readdirSync(at('tjansteskrivelse-sup-2040-salem'))[0]!;
    writeFileSync(at('tjansteskrivelse-sup-2040-salem', salem, 'edition.json'), '{"id": ');
    // Things that are no edition: an operating system's file, an archiving cut short.
    writeFileSync(at('.DS_Store'), '');
    mkdirSync(at('verksamhetsplan-2023', 'v3.4242.tmp'));

    const verify = await runCommandLine('verify', '--editions', editions);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`4 av ${count} utgåvor stämmer inte med sina edition.json.`);
    expect(named(verify.stdout).sort()).toEqual(
      [
        [at('minnesanteckningar-ledningsgruppen-2023-10-27', 'v1', 'edition.json'), 'edition/record-broken'],
        [at('tjansteskrivelse-sup-2040-salem', salem, 'edition.json'), 'edition/record-broken'],
        [at('verksamhetsplan-2020', 'v1', 'sources', 'register.yaml'), 'edition/file-missing'],
        [at('verksamhetsplan-2020', 'v1', 'sources', 'verksamhetsplan', '2020.yaml'), 'edition/file-differs'],
        [at('verksamhetsplan-2023', 'v2', 'fifo'), 'edition/file-unexpected'],
        [at('verksamhetsplan-2023', 'v2', 'sources', 'extra.yaml'), 'edition/file-unexpected'],
        [at('verksamhetsplan-2023', 'v2', 'sources', 'passwd'), 'edition/file-unexpected'],
        [at('verksamhetsplan-2023', 'v2', 'verksamhetsplan-2023.pdf'), 'edition/file-differs'],
      ].sort(),
    );
    expect(verify.stdout).toMatch(/✗ verksamhetsplan-2023@v2\n/);
    expect(verify.stdout).toMatch(/✓ verksamhetsplan-2023@v1-utkast-/);
    expect(named(verify.stderr).sort()).toEqual(
      [
        [at('.DS_Store'), 'edition/stray'],
        [at('verksamhetsplan-2023', 'v3.4242.tmp'), 'edition/stray'],
      ].sort(),
    );
    expect(verify.stderr).toContain('En arkivering som avbröts lämnade den här mappen');

    // The list shows every edition, the broken ones marked, and fails too.
    const listed = await runCommandLine('--lang', 'en', 'editions', '--editions', editions);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toMatch(/^verksamhetsplan-2023@v2 {2}beslutad 2023-03-16 {2}pdf e2a53d95ae3b {2}✗ does not match edition.json$/m);
    expect(listed.stdout).toMatch(/^✗ minnesanteckningar-ledningsgruppen-2023-10-27@v1$/m);
    expect(listed.stdout).toMatch(/^verksamhetsplan-2023@v1-utkast-\S+ {2}utkast {2}pdf \w{12}$/m);
    expect(listed.stdout).toContain('(the file is missing)');
  });

  it('rebuild checks the archived files first: a PDF replaced by garbage is never called identical', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const editions = join(scratch.dir, 'editions');
    const built = await runCommandLine('build', '--sources', scratch.sources, '--out', scratch.out, join(scratch.sources, 'minnesanteckningar'));
    expect(built.code).toBe(0);
    const [name] = readdirSync(join(editions, 'minnesanteckningar-ledningsgruppen-2023-10-27'));
    const id = `minnesanteckningar-ledningsgruppen-2023-10-27@${name}`;
    const pdf = join(editions, 'minnesanteckningar-ledningsgruppen-2023-10-27', name!, 'minnesanteckningar-ledningsgruppen-2023-10-27.pdf');
    writeFileSync(pdf, 'garbage');
    const rebuilt = await runCommandLine('rebuild', id, '--editions', editions);
    expect(rebuilt.code).toBe(1);
    expect(named(rebuilt.stdout)).toEqual([[pdf, 'edition/file-differs']]);
    expect(rebuilt.stdout).not.toContain('identisk med arkivets');
    expect(rebuilt.stdout).toContain('men arkivets filer stämmer inte med edition.json (1 avvikelse, se ovan)');
  });
});

describe('no route builds over a final edition', () => {
  it('not --no-archive, not --force, not a deleted edition.json; and a broken record or stray file elsewhere stops nothing else', {
    timeout: 300_000,
  }, async () => {
    const { sources, out, editions, write } = project();
    const plan = join(sources, 'verksamhetsplan', '2023.yaml');
    const pdf = join(out, 'verksamhetsplan-2023.pdf');
    expect((await runCommandLine('build', '--sources', sources, '--out', out, '--no-archive', plan)).code).toBe(0);
    const good = readFileSync(pdf);

    write('verksamhetsplan/2023.yaml', readFileSync(plan, 'utf8').replace('Proaktivt föreslå', 'Föreslå'));
    for (const options of [['--no-archive'], ['--no-archive', '--force'], ['--force']]) {
      const refused = await runCommandLine('build', '--sources', sources, '--out', out, ...options, plan);
      expect(refused.code, options.join(' ')).toBe(1);
      expect(
        named(refused.stdout).map(([, rule]) => rule),
        options.join(' '),
      ).toContain('edition/final-changed');
      expect(readFileSync(pdf).equals(good), options.join(' ')).toBe(true);
    }

    // With its record deleted, the final edition is not forgotten: the document is not built, and nothing is archived.
    const record = join(editions, 'verksamhetsplan-2023', 'v3', 'edition.json');
    rmSync(record);
    const unrecorded = await runCommandLine('build', '--sources', sources, '--out', out, '--force', plan);
    expect(unrecorded.code).toBe(1);
    expect(named(unrecorded.stdout)).toContainEqual([record, 'edition/record-broken']);
    expect(readFileSync(pdf).equals(good)).toBe(true);
    expect(readdirSync(join(editions, 'verksamhetsplan-2023')).sort()).toEqual(['v1-utkast-7704974e', 'v2', 'v3']);
    expect(existsSync(record)).toBe(false);

    // A stray file and another document's broken record: that document fails with a message naming the file; the others are built.
    writeFileSync(join(editions, '.DS_Store'), '');
    writeFileSync(join(editions, 'verksamhetsplan-2020', 'v2', 'edition.json'), '{');
    const minutes = join(sources, 'minnesanteckningar');
    const rest = await runCommandLine('build', '--sources', sources, '--out', out, '--force', minutes, join(sources, 'verksamhetsplan', '2020.yaml'));
    expect(rest.code).toBe(1);
    expect(rest.stdout).toMatch(/^✓ .*minnesanteckningar-ledningsgruppen-2023-10-27\.pdf$/m);
    expect(named(rest.stdout)).toContainEqual([join(editions, 'verksamhetsplan-2020', 'v2', 'edition.json'), 'edition/record-broken']);
  });
});

describe('an archive that cannot be written', () => {
  it('fails the build (exit 1), and the next build archives the edition instead of calling it up to date', { timeout: 300_000 }, async () => {
    const { sources, out, editions, write } = project();
    const minutes = join(sources, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml');
    // A new draft of the minutes, whose document folder in the archive is a file (as a full or read-only disk, writing fails).
    write(
      'minnesanteckningar/2023-10-27-ledningsgruppen.yaml',
      readFileSync(minutes, 'utf8').replace('status: justerad', 'status: utkast').replace('version: 2', 'version: 3'),
    );
    const folder = join(editions, 'minnesanteckningar-ledningsgruppen-2023-10-27');
    const kept = join(scratchDir('kept-'), 'folder');
    cpSync(folder, kept, { recursive: true });
    rmSync(folder, { recursive: true });
    writeFileSync(folder, '');
    const build = () => runCommandLine('build', '--sources', sources, '--out', out, minutes);
    for (let attempt = 0; attempt < 2; attempt++) {
      const failed = await build();
      expect(failed.code, `attempt ${attempt}`).toBe(1);
      expect(
        named(failed.stdout).map(([, rule]) => rule),
        `attempt ${attempt}`,
      ).toContain('edition/archive-failed');
      expect(failed.stdout, `attempt ${attempt}`).toContain('1 med fel');
    }
    rmSync(folder);
    cpSync(kept, folder, { recursive: true });
    const archived = await build();
    expect(archived.code).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['v1', 'v2', expect.stringMatching(/^v3-utkast-[0-9a-f]{8}$/)]);
    expect((await build()).stdout).toContain('aktuell, inget har ändrats');
  });
});

describe('found in review', () => {
  it('a build after --no-archive archives what that build did not (a bug: it replayed "up to date" and never archived)', { timeout: 300_000 }, async () => {
    const { sources, out, editions, write } = project();
    const plan = join(sources, 'verksamhetsplan', '2023.yaml');
    write('verksamhetsplan/2023.yaml', readFileSync(plan, 'utf8').replace('version: 3', 'version: 4').replace('rubrik: Om VP2023', 'rubrik: Om VP2023 (rev.)'));
    expect((await runCommandLine('build', '--sources', sources, '--out', out, '--no-archive', plan)).code).toBe(0);
    expect(existsSync(join(editions, 'verksamhetsplan-2023', 'v4'))).toBe(false);
    const archived = await runCommandLine('build', '--sources', sources, '--out', out, plan);
    expect(archived.code).toBe(0);
    expect(existsSync(join(editions, 'verksamhetsplan-2023', 'v4', 'edition.json'))).toBe(true);
  });

  it('a final edition cannot be built over as a draft of the same number, or by a final of a lower one', async () => {
    const { sources, out, editions, write } = project();
    const plan = join(sources, 'verksamhetsplan', '2023.yaml');
    const text = readFileSync(plan, 'utf8');
    write(
      'verksamhetsplan/2023.yaml',
      text
        .replace('status: beslutad', 'status: utkast')
        .replace(/^beslut: .*\n/m, '')
        .replace('rubrik: Om VP2023', 'rubrik: Ny'),
    );
    const draft = await runCommandLine('build', '--sources', sources, '--out', out, plan);
    expect(draft.code).toBe(1);
    expect(draft.stdout).toContain('Version 3 är ett utkast, men version 3 av dokumentet är redan slutlig (verksamhetsplan-2023@v3)');
    write('verksamhetsplan/2023.yaml', text.replace('version: 3', 'version: 1').replace('rubrik: Om VP2023', 'rubrik: Ny'));
    const lower = await runCommandLine('build', '--sources', sources, '--out', out, plan);
    expect(lower.code).toBe(1);
    expect(named(lower.stdout).map(([, rule]) => rule)).toContain('edition/version-taken');
    expect(existsSync(join(out, 'verksamhetsplan-2023.pdf'))).toBe(false);
    expect(readdirSync(join(editions, 'verksamhetsplan-2023')).sort()).toEqual(['v1-utkast-7704974e', 'v2', 'v3']);
  });

  it('an edition.json that is a pipe or a link to a device is named, never read (a bug: every command hung)', { timeout: 300_000 }, async () => {
    const { sources, out, editions } = project();
    const record = join(editions, 'verksamhetsplan-2020', 'v2', 'edition.json');
    rmSync(record);
    expect(spawnSync('mkfifo', [record]).status).toBe(0);
    const zero = join(editions, 'verksamhetsplan-2023', 'v2', 'edition.json');
    rmSync(zero);
    symlinkSync('/dev/zero', zero);
    const verify = await runCommandLine('verify', '--editions', editions);
    expect(verify.code).toBe(1);
    expect(named(verify.stdout)).toEqual(
      expect.arrayContaining([
        [record, 'edition/record-broken'],
        [zero, 'edition/record-broken'],
      ]),
    );
    expect(verify.stdout).toContain('(den är ingen vanlig fil)');
    const built = await runCommandLine('build', '--sources', sources, '--out', out, join(sources, 'verksamhetsplan', '2020.yaml'));
    expect(built.code).toBe(1);
    expect(named(built.stdout)).toContainEqual([record, 'edition/record-broken']);
    const rebuilt = await runCommandLine('rebuild', 'verksamhetsplan-2020@v2', '--editions', editions);
    expect(rebuilt.code).toBe(2);
    expect(rebuilt.stderr).toContain('[edition/record-broken]');
  });

  it('a linked document or edition folder is an error in verify, and build refuses to read through it', { timeout: 300_000 }, async () => {
    const { sources, out, editions } = project();
    const elsewhere = join(scratchDir('elsewhere-'), 'verksamhetsplan-2020');
    cpSync(join(editions, 'verksamhetsplan-2020'), elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'v1', 'verksamhetsplan-2020.pdf'), 'garbage');
    rmSync(join(editions, 'verksamhetsplan-2020'), { recursive: true });
    symlinkSync(elsewhere, join(editions, 'verksamhetsplan-2020'));
    const verify = await runCommandLine('verify', '--editions', editions);
    expect(verify.code).toBe(1);
    expect(named(verify.stderr)).toEqual([[join(editions, 'verksamhetsplan-2020'), 'edition/linked']]);
    const built = await runCommandLine('build', '--sources', sources, '--out', out, join(sources, 'verksamhetsplan', '2020.yaml'));
    expect(built.code).toBe(1);
    expect(built.stdout).toContain('utgåvans mapp är en länk');
    const missing = await runCommandLine('verify', '--editions', join(editions, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[edition/no-archive]');
  });

  it('a record whose main source lies outside it is broken; rebuild says why it failed and copies only recorded files', { timeout: 300_000 }, async () => {
    const { editions } = project();
    const recordFile = join(editions, 'verksamhetsplan-2020', 'v1', 'edition.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8'));
    writeFileSync(recordFile, JSON.stringify({ ...record, main: '../../../etc/passwd' }));
    const verify = await runCommandLine('verify', '--editions', editions);
    expect(named(verify.stdout)).toContainEqual([recordFile, 'edition/record-broken']);
    writeFileSync(recordFile, JSON.stringify(record));
    // A pipe among the archived sources: named by the check, not copied (a bug: a raw "Cannot copy a FIFO pipe").
    const fifo = join(editions, 'verksamhetsplan-2020', 'v1', 'sources', 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // An archived source today's tool refuses: the rebuild says why.
    const main = join(editions, 'verksamhetsplan-2020', 'v1', 'sources', 'verksamhetsplan', '2020.yaml');
    const changed = `${readFileSync(main, 'utf8')}okand_nyckel: 1\n`;
    writeFileSync(main, changed);
    const rebuilt = await runCommandLine('rebuild', 'verksamhetsplan-2020@v1', '--editions', editions);
    expect(rebuilt.code).toBe(1);
    expect(named(rebuilt.stdout).map(([, rule]) => rule)).toEqual(
      expect.arrayContaining(['edition/file-unexpected', 'edition/file-differs', 'schema/unknown-key']),
    );
    // Built by the tool that made the edition (an earlier commit's), whose own words say why it could not.
    expect(rebuilt.stdout).toMatch(
      /✗ verksamhetsplan-2020@v1: utgåvan kunde inte byggas om (med verktyget från commit [0-9a-f]{12}, som gjorde utgåvan, )?ur arkivets filer \(se ovan\)\./,
    );
    expect(rebuilt.stderr).toBe('');
  });
});
