import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEditionsDir, type EditionRecord, listEditions, readEdition } from '../../pipeline/archive/editions.ts';
import { fingerprints } from '../../pipeline/core/fingerprints.ts';
import { sha256 } from '../../pipeline/core/hash.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { rebuildEdition } from '../../pipeline/orchestrate/rebuild.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

describe('editions', () => {
  it('are archived whole, are immutable once final, and rebuild to the same PDF', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const editionsDir = scratchDir('handlingar-editions-');
    const plan = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
    const first = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [plan], editionsDir });
    expect(first.documents.map((d) => [d.status, d.edition])).toEqual([['built', 'verksamhetsplan-2023@v3']]);
    const record = readEdition(editionsDir, 'verksamhetsplan-2023@v3')!;
    expect(record).toMatchObject({
      document: 'verksamhetsplan-2023',
      version: 3,
      status: 'beslutad',
      decision: { organ: 'samarbetskommitten', datum: '2023-03-16' },
      main: 'verksamhetsplan/2023.yaml',
    });
    expect(Object.keys(record.hashes.sources).sort()).toEqual([
      'bilagor/samarbetsavtal-2010.yaml',
      'bilagor/sup-2040.yaml',
      'register.yaml',
      'verksamhetsplan/2023.yaml',
    ]);
    expect(record.hashes.pdf).toBe(sha256(readFileSync(join(scratch.out, 'verksamhetsplan-2023.pdf'))));
    expect(record.hashes.templates).toBe(fingerprints().templates);

    const rebuilt = await rebuildEdition(editionsDir, 'verksamhetsplan-2023@v3');
    expect(rebuilt).toMatchObject({ identical: true, pdf: record.hashes.pdf, changed: [] });

    // A changed final source is refused; the PDF and the archive stay as they were.
    const good = readFileSync(join(scratch.out, 'verksamhetsplan-2023.pdf'));
    scratch.write('verksamhetsplan/2023.yaml', readFileSync(plan, 'utf8').replace('Proaktivt föreslå', 'Föreslå'));
    const refused = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [plan], editionsDir });
    expect(refused.documents[0]!.status).toBe('failed');
    const message = refused.documents[0]!.messages.find((m) => m.ruleId === 'edition/final-changed')!;
    expect(message.text.sv.reason).toContain('verksamhetsplan-2023@v3 är slutlig och arkiverad');
    expect(message.text.sv.fix).toContain('höj version till 4');
    expect(readFileSync(join(scratch.out, 'verksamhetsplan-2023.pdf')).equals(good)).toBe(true);
    expect(readEdition(editionsDir, 'verksamhetsplan-2023@v3')).toEqual(record);

    // As the message says: a new number and draft status make a new edition beside the old one.
    scratch.write(
      'verksamhetsplan/2023.yaml',
      readFileSync(plan, 'utf8')
        .replace('version: 3', 'version: 4')
        .replace('status: beslutad', 'status: utkast')
        .replace(/^beslut: .*\n/m, ''),
    );
    const next = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [plan], editionsDir });
    expect(next.documents[0]!.edition).toMatch(/^verksamhetsplan-2023@v4-utkast-[0-9a-f]{8}$/);
    expect(readdirSync(join(editionsDir, 'verksamhetsplan-2023')).sort()).toEqual([expect.stringMatching(/^v3$/), expect.stringMatching(/^v4-utkast-/)].sort());
  });

  it('warn when a rebuilt PDF differs from the archived one although templates, fonts and tool are the same, not after they changed', {
    timeout: 300_000,
  }, async () => {
    const scratch = copyOfSources();
    const editionsDir = scratchDir('handlingar-editions-');
    const minutes = join(scratch.sources, 'minnesanteckningar');
    const options = { sourcesDir: scratch.sources, outDir: scratch.out, paths: [minutes], editionsDir, force: true };
    const [document] = (await build(options)).documents;
    const recordFile = join(editionsDir, ...document!.edition!.split('@'), 'edition.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as EditionRecord;
    const differs = async () => (await build(options)).documents[0]!.messages.filter((m) => m.ruleId === 'edition/pdf-differs');

    expect(await differs()).toEqual([]);
    // The archive says another PDF was made with this very tool: something else changed (Chromium, say).
    writeFileSync(recordFile, JSON.stringify({ ...record, hashes: { ...record.hashes, pdf: '0'.repeat(64) } }));
    expect((await differs()).map((m) => m.severity)).toEqual(['warning']);
    // Made with an earlier tool: a different PDF is what a new tool makes; `handlingar rebuild` tells what changed.
    writeFileSync(
      recordFile,
      JSON.stringify({ ...record, tool: { ...record.tool, version: '0.0.1+earlier' }, hashes: { ...record.hashes, pdf: '0'.repeat(64) } }),
    );
    expect(await differs()).toEqual([]);
  });

  it('in the repository include the 2020 and 2023 plans as final and an earlier draft of 2023, each rebuildable', async () => {
    const ids = listEditions(defaultEditionsDir).map((e) => e.id);
    expect(ids).toContain('verksamhetsplan-2020@v1');
    expect(ids).toContain('verksamhetsplan-2023@v2');
    // The same decided plans again, with the figure drawn and the captions without figures left out (docs/decisions.md, "Figures").
    expect(ids).toContain('verksamhetsplan-2020@v2');
    expect(ids).toContain('verksamhetsplan-2023@v3');
    const draft = ids.find((id) => id.startsWith('verksamhetsplan-2023@v1-utkast-'));
    expect(draft).toBeDefined();
    for (const id of ['verksamhetsplan-2023@v2', draft!]) {
      expect(existsSync(join(defaultEditionsDir, ...id.split('@'), 'sources', 'register.yaml')), id).toBe(true);
      const result = (await rebuildEdition(defaultEditionsDir, id))!;
      // With the templates, fonts and tool it was built with, the rebuild is byte-identical;
      // after they have changed, it still rebuilds and says what changed.
      expect(result.pdf, id).toMatch(/^[0-9a-f]{64}$/);
      if (result.changed.length === 0) expect(result.identical, id).toBe(true);
    }
  });
});
