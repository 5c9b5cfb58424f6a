import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PDFDocument } from 'pdf-lib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { projectRoot } from '../../pipeline/paths.ts';
import { profilePrefix } from '../../pipeline/print/chromium.ts';
import { copyOfSources } from '../helpers/project.ts';

describe('builds at the same time', () => {
  it('wait for each other, then refuse with a message naming the other build; a lock left by a dead build is taken over', async () => {
    const scratch = copyOfSources();
    const plan = [join(scratch.sources, 'verksamhetsplan', '2023.yaml')];
    mkdirSync(scratch.out, { recursive: true });
    writeFileSync(join(scratch.out, '.handlingar.lock'), String(process.pid), { flag: 'w' });
    await expect(build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: plan, lockWaitMs: 300 }))
      .rejects.toThrow(`another build (process ${process.pid}) is writing to ${scratch.out}`);
    expect(readdirSync(scratch.out)).toEqual(['.handlingar.lock']);

    writeFileSync(join(scratch.out, '.handlingar.lock'), '2147483646');
    const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: plan, lockWaitMs: 300 });
    expect(report.documents.map((d) => d.status)).toEqual(['built']);
    expect(readdirSync(scratch.out).sort()).toEqual(['.handlingar-cache.json', 'verksamhetsplan-2023.pdf']);
  });
});

describe('Ctrl-C during a build', () => {
  it('leaves no temporary file, no lock, no half-written PDF, and no Chromium or its profile', async () => {
    const scratch = copyOfSources();
    const profiles = () => readdirSync(tmpdir()).filter((f) => f.startsWith(profilePrefix));
    const before = new Set(profiles());
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'handlingar.js'), 'build', '--sources', scratch.sources, '--out', scratch.out, '--no-archive'], { cwd: projectRoot });
    let output = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk) => { output += String(chunk); if (output.includes('✓')) resolve(); }));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    const left = readdirSync(scratch.out);
    expect(left.filter((f) => f.endsWith('.tmp') || f === '.handlingar.lock')).toEqual([]);
    const pdfs = left.filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(0);
    for (const pdf of pdfs) expect((await PDFDocument.load(readFileSync(join(scratch.out, pdf)))).getPageCount(), pdf).toBeGreaterThan(0);
    expect(profiles().filter((p) => !before.has(p))).toEqual([]);
    expect(spawnSync('pgrep', ['-f', profilePrefix]).stdout.toString()).toBe('');
  });
});

describe('a document that takes too long', () => {
  it('fails alone with a clear message once its configurable time is up, and leaves nothing half-written', async () => {
    const scratch = copyOfSources();
    const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [join(scratch.sources, 'minnesanteckningar')], timeoutMs: 1 });
    expect(report.documents.map((d) => d.status)).toEqual(['failed']);
    const message = report.documents[0]!.messages.find((m) => m.ruleId === 'print/failed')!;
    expect(message.reason).toMatch(/PDF:en kunde inte skapas: .*(timeout|Timeout|timed out).*1 ?ms/);
    expect(readdirSync(scratch.out).filter((f) => f.endsWith('.pdf') || f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('Chromium dying in the middle of a build', () => {
  it('is started again once, and every document is still built whole', async () => {
    const scratch = copyOfSources();
    let killed = false;
    const report = await build({
      sourcesDir: scratch.sources, outDir: scratch.out, jobs: 1, paths: [join(scratch.sources, 'tjansteskrivelse')],
      onDocument: (result) => {
        if (killed || result.status !== 'built') return;
        killed = true;
        // Kill the browser this build started (tests run one file at a time, so it is the only one).
        spawnSync('pkill', ['-KILL', '-f', profilePrefix]);
      },
    });
    expect(killed).toBe(true);
    expect(report.documents.map((d) => d.status)).toEqual(Array(8).fill('built'));
    for (const d of report.documents) expect((await PDFDocument.load(readFileSync(d.output!))).getPageCount()).toBe(9);
  });
});

describe('an output folder that cannot be written', () => {
  it('stops the build with a clear message before anything is printed', async () => {
    const scratch = copyOfSources();
    // /sys refuses new entries even to root, like a read-only disk.
    await expect(build({ sourcesDir: scratch.sources, outDir: '/sys/handlingar-output', paths: [join(scratch.sources, 'minnesanteckningar')] }))
      .rejects.toThrow('cannot write to the output folder /sys/handlingar-output (EPERM); choose another with --out');
  });
});

describe('a disk that fills up', () => {
  it('fails the document with the error, removes the temporary file and keeps the previous PDF', async () => {
    const scratch = copyOfSources();
    const tiny = mkdtempSync(join(tmpdir(), 'handlingar-full-'));
    // A 64 kB file system: room for the lock and the cache, not for a PDF (the machine's tests run as root).
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tiny]).status).toBe(0);
    try {
      const previous = join(tiny, 'minnesanteckningar-ledningsgruppen-2023-10-27.pdf');
      writeFileSync(previous, '%PDF-1.7 föregående');
      const report = await build({ sourcesDir: scratch.sources, outDir: tiny, force: true, paths: [join(scratch.sources, 'minnesanteckningar')] });
      expect(report.documents.map((d) => d.status)).toEqual(['failed']);
      expect(report.documents[0]!.messages.find((m) => m.ruleId === 'print/failed')!.reason).toContain('ENOSPC');
      expect(readFileSync(previous, 'utf8')).toBe('%PDF-1.7 föregående');
      expect(readdirSync(tiny).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      spawnSync('umount', [tiny]);
    }
  });
});
