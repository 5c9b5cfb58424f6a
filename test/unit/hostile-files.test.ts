import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { oversizedSources, planWithPdfs, spoiltPdfs, strangeFiles } from '../helpers/hostile-files.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** Each message as "file line:column rule reason", the file relative to the sources folder. */
const said = (messages: Awaited<ReturnType<typeof validateSources>>['messages'], sources: string) =>
  messages.map(
    (m) =>
      `${m.file!.slice(m.file!.indexOf(sources.split('/').slice(-2).join('/')) + sources.split('/').slice(-2).join('/').length + 1)} ${m.line}:${m.column} ${m.ruleId}`,
  );

describe('files in the sources folder that are not sources', () => {
  it('are refused at once, without being read: a pipe, a device, a link out, a socket, a folder that links to itself, a file past the limit', {
    timeout: 60_000,
  }, async () => {
    const scratch = copyOfSources();
    const close = await strangeFiles(scratch.sources);
    try {
      const { files, messages } = await validateSources(scratch.sources, [join(scratch.sources, 'bilagor')]);
      // The bilagor folder's files, and the register they read names from.
      expect(files).toBe(10);
      expect(said(messages, scratch.sources).sort()).toEqual([
        'bilagor/gles.yaml 1:1 load/too-large',
        'bilagor/noll.yaml 1:1 load/outside',
        'bilagor/pipe.yaml 1:1 load/not-a-file',
        'bilagor/ute.yaml 1:1 load/outside',
        'bilagor/uttag.yaml 1:1 load/not-a-file',
      ]);
      const pipe = messages.find((m) => m.file!.endsWith('pipe.yaml'))!;
      expect(pipe.text.sv.reason).toBe('Sökvägen leder till en namngiven pipe (FIFO), inte till en fil, och läses inte.');
    } finally {
      close();
    }
  });
});

describe('a PDF bilaga', () => {
  it('is taken only from inside the sources folder, and only from a regular file within the size limit', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const secret = join(scratchDir(), 'hemlig.pdf');
    writeFileSync(secret, (await spoiltPdfs()).whole);
    spawnSync('mkfifo', [join(scratch.sources, 'bilagor', 'pipe.pdf')]);
    writeFileSync(join(scratch.sources, 'bilagor', 'stor.pdf'), '');
    spawnSync('truncate', ['-s', '101M', join(scratch.sources, 'bilagor', 'stor.pdf')]);
    const plan = planWithPdfs(scratch, [secret, '../../hemlig.pdf', '../bilagor/pipe.pdf', '../bilagor/stor.pdf']);
    writeFileSync(join(scratch.dir, 'hemlig.pdf'), (await spoiltPdfs()).whole);
    const { messages } = await validateSources(scratch.sources, [plan]);
    expect(messages.map((m) => [m.line, m.ruleId, m.text.sv.reason])).toEqual([
      [10, 'bilaga/pdf-outside', `PDF-filen "${secret}" ligger utanför källmappen; en bilaga hämtas bara inifrån den.`],
      [11, 'bilaga/pdf-outside', 'PDF-filen "../../hemlig.pdf" ligger utanför källmappen; en bilaga hämtas bara inifrån den.'],
      [12, 'bilaga/pdf-not-a-file', '"../bilagor/pipe.pdf" är ingen vanlig fil (en mapp, en pipe eller en enhet) och läses inte.'],
      [13, 'bilaga/pdf-too-large', 'PDF-filen "../bilagor/stor.pdf" är 101 MB; en bilaga får vara högst 100 MB.'],
    ]);
  });

  it('is opened by validate: one that cannot be appended is said so at the line that names it, an untagged one is warned of', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const pdfs = await spoiltPdfs();
    for (const [name, bytes] of Object.entries(pdfs)) writeFileSync(join(scratch.sources, 'bilagor', `${name}.pdf`), bytes);
    const names = ['whole', 'truncated', 'broken', 'encrypted', 'noPages', 'bomb'];
    const plan = planWithPdfs(
      scratch,
      names.map((n) => `../bilagor/${n}.pdf`),
    );
    const { messages } = await validateSources(scratch.sources, [plan]);
    expect(messages.map((m) => [m.line, m.ruleId])).toEqual([
      [10, 'bilaga/pdf-untagged'],
      [11, 'bilaga/pdf-truncated'],
      [12, 'bilaga/pdf-broken'],
      [13, 'bilaga/pdf-encrypted'],
      [14, 'bilaga/pdf-no-pages'],
      [15, 'bilaga/pdf-too-dense'],
    ]);
    expect(messages.at(-1)!.text.sv.reason).toBe(
      'Sida 1 i PDF-filen "../bilagor/bomb.pdf" packas upp till mer än 32 MB innehåll; en riktig sida är några hundra kB.',
    );
    expect(messages[0]!.severity).toBe('warning');
    expect(messages[1]!.text.sv.reason).toBe(
      'PDF-filen "../bilagor/truncated.pdf" är ofullständig: den slutar innan PDF:en är slut (kopierades den inte färdigt?).',
    );
  });
});

describe('a source too large as a whole', () => {
  it('is refused for its items, its text and its depth together, though each list and text is within its own limit (a bug: a 10 000-item list built 245 pages)', {
    timeout: 60_000,
  }, async () => {
    const scratch = copyOfSources();
    const oversized = oversizedSources();
    const files = Object.values(oversized).map(({ path, text }) => scratch.write(path, text));
    const { messages } = await validateSources(scratch.sources, files);
    expect(messages.map((m) => [m.file!.split('/').pop(), m.ruleId, m.text.sv.reason])).toEqual([
      ['lang-lista.yaml', 'source/too-many-items', 'Filen har 5\u00a0002 poster i sina listor sammanlagt; högst 5\u00a0000 är tillåtet.'],
      ['mycket-text.yaml', 'source/too-much-text', 'Filen har 1\u00a0140\u00a0017 tecken text sammanlagt; högst 1\u00a0000\u00a0000 är tillåtet.'],
      ['djup.yaml', 'source/too-deep', 'Innehållet här ligger 25 nivåer djupt; högst 24 nivåer är tillåtet (till exempel underpunkter i underpunkter).'],
    ]);
  });
});
