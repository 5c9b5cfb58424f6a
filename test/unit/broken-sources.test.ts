import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipeline/core/paths.ts';
import { firstInvalidUtf8 } from '../../pipeline/load/source-file.ts';
import { planProject } from '../../pipeline/orchestrate/plan.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { copyOfSources } from '../helpers/project.ts';

/**
 * Each file in test/fixtures/broken is a source with one mistake. Its first
 * line says where it goes in a copy of sources/ (`# path: …`); its last lines
 * say exactly which messages validation must give (`# expect: line:column
 * severity rule-id message`).
 */
const fixturesDir = join(projectRoot, 'test', 'fixtures', 'broken');
const fixtures = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function expectationsOf(text: string): string[] {
  return [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1]!);
}

async function validateFixture(path: string, content: string | Buffer) {
  const scratch = copyOfSources();
  const file = scratch.write(path, content);
  return (await validateSources(scratch.sources, [file])).messages;
}

describe('broken sources', () => {
  it.each(fixtures)('%s gives exactly its expected messages', async (name) => {
    const text = readFileSync(join(fixturesDir, name), 'utf8');
    const path = /^# path: (.+)$/m.exec(text)?.[1];
    expect(path, 'fixture needs a "# path:" line').toBeDefined();
    const expected = expectationsOf(text);
    expect(expected.length).toBeGreaterThan(0);
    const actual = (await validateFixture(path!, text)).map((m) => `${m.line}:${m.column} ${m.severity} ${m.ruleId} ${m.text.sv.reason}`);
    expect(actual).toEqual(expected);
  });

  describe('near mistakes that are none, or not the one a rule looks for', () => {
    const fixture = (name: string) => readFileSync(join(fixturesDir, name), 'utf8');
    const said = async (path: string, text: string) => (await validateFixture(path, text)).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.text.sv.reason}`);

    it('a budget line that equals the other lines together in a budget that balances is no typed total', async () => {
      // Income 2 073 076 kr; costs 1 036 538 + 518 269 + 518 269 = 2 073 076 kr, the first line as large as the others.
      const balanced = fixture('budget-total-as-line.yaml')
        .replace(/^ {12}- \{ id: personal.*$/m, '            - { id: personal, text: Personal, belopp: 1036538 }')
        .replace(/^ {12}- \{ id: moten.*$/m, '            - { id: moten, text: Möten, belopp: 518269 }')
        .replace(/^ {12}- \{ id: summa.*$/m, '            - { id: lokaler, text: Lokaler, belopp: 518269 }');
      // (The test plan's year is the real plan's: its PDF's name clashes with it, which is not what is looked at here.)
      expect((await said('verksamhetsplan/test.yaml', balanced)).filter((m) => m.includes(' budget/'))).toEqual([]);
    });

    it('a name written where a reference of another kind is wanted is offered no id of the wrong kind', async () => {
      const text = fixture('ref-written-as-name.yaml').replace('justerare: Cynthia Runefjärd', 'justerare: Tyresö');
      expect(await said('minnesanteckningar/test.yaml', text)).toEqual(['13:12 schema/pattern "Tyresö" har fel form för fältet "justerare".']);
    });

    it('a quoted text with a colon after it is not blamed on the line below', async () => {
      const text = fixture('yaml-colon-in-text.yaml').replace('    text: Obs: mötet börjar en kvart senare.', '    text: "Obs": mötet börjar\n    id: x');
      const messages = await said('minnesanteckningar/test.yaml', text);
      expect(messages.map((m) => m.split(' ')[1])).toEqual(['yaml/syntax']);
      expect(messages[0]).toMatch(/^17:/);
    });
  });

  it('reports a file that is not UTF-8 with its position', async () => {
    const bytes = Buffer.concat([Buffer.from('typ: verksamhetsplan\nid: vp\n# G'), Buffer.from([0xf6]), Buffer.from('teborg\n')]);
    const [message, ...rest] = await validateFixture('verksamhetsplan/latin1.yaml', bytes);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ ruleId: 'load/encoding', line: 3, column: 4, severity: 'error' });
    expect(message!.text.sv.fix).toContain('UTF-8');
  });

  it('warns about a byte-order mark but still reads the file', async () => {
    const real = readFileSync(join(projectRoot, 'sources', 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml'));
    const messages = await validateFixture('minnesanteckningar/2023-10-27-ledningsgruppen.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), real]));
    expect(messages.filter((m) => m.ruleId !== 'minutes/register-differs').map((m) => [m.ruleId, m.severity, m.line, m.column])).toEqual([
      ['load/bom', 'warning', 1, 1],
    ]);
  });

  it('without a valid register, a document is told what is wrong with the register (the root cause), not that there is none', async () => {
    const scratch = copyOfSources();
    const register = scratch.write('register.yaml', 'typ: register\nkommuner: []\n');
    const plan = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
    const { files, messages } = await validateSources(scratch.sources, [plan]);
    expect(files).toBe(4); // the plan, the register and its two bilaga files
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((m) => m.file !== relative(process.cwd(), register))).toEqual([]);
    expect(messages.map((m) => m.ruleId)).not.toContain('register/missing');
  });

  it('without any register file, every document says there is none', async () => {
    const scratch = copyOfSources();
    rmSync(join(scratch.sources, 'register.yaml'));
    const plan = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
    const messages = (await validateSources(scratch.sources, [plan])).messages;
    expect(messages.map((m) => [m.ruleId, m.file?.endsWith('verksamhetsplan/2023.yaml') || m.file?.includes('bilagor/')])).toEqual([
      ['register/missing', true],
      ['register/missing', true],
      ['register/missing', true],
    ]);
  });

  describe('validating a letter validates its ärende, and says the root cause instead of "no such ärende" (issue 19)', () => {
    const letter = 'tjansteskrivelse/sup-2040/salem.yaml';
    const arende = 'tjansteskrivelse/sup-2040/arende.yaml';
    const broken = async (change: (text: string) => string) => {
      const scratch = copyOfSources();
      scratch.write(arende, change(readFileSync(join(scratch.sources, arende), 'utf8')));
      const file = join(scratch.sources, letter);
      const validated = await validateSources(scratch.sources, [file]);
      const [document] = [...(await planProject(scratch.sources, [file])).documents()];
      const show = (messages: readonly { ruleId: string; file?: string }[]) => messages.map((m) => `${m.file?.split('/').pop()} ${m.ruleId}`);
      return { validated: show(validated.messages), files: validated.files, built: show(document!.messages), prepared: document!.prepared };
    };

    it('a YAML syntax error in arende.yaml', async () => {
      const result = await broken((text) => text.replace('forslag: Förslag', 'forslag: "Förslag'));
      expect(result.validated).toEqual(['arende.yaml yaml/unclosed-quote']);
      expect(result.files).toBe(3);
      // What build says of the letter: the same root cause, no follow-on.
      expect(result.built).toEqual(['arende.yaml yaml/unclosed-quote']);
      expect(result.prepared).toBeUndefined();
    });

    it('a schema error in arende.yaml', async () => {
      const result = await broken((text) => text.replace('ekonomi:', 'ekonomie:'));
      expect(result.validated).toEqual(['arende.yaml schema/unknown-key']);
      expect(result.built).toEqual(['arende.yaml schema/unknown-key']);
    });

    it("an error of the ärende's rules (before, validate said 0 errors and build failed)", async () => {
      const result = await broken((text) => text.replace('ekonomi: Förslaget', 'ekonomi: Enligt {programm} förslaget'));
      expect(result.validated).toEqual(['arende.yaml arende/placeholder']);
      expect(result.built).toEqual(['arende.yaml arende/placeholder']);
    });

    it('an ärende with another id is still not there', async () => {
      const result = await broken((text) => text.replace('id: sup-2040', 'id: sup-2041'));
      expect(result.validated).toEqual(['salem.yaml tjansteskrivelse/unknown-arende']);
    });
  });

  it('a broken bilaga file is reported in its own file, instead of the plan saying it is missing', async () => {
    const scratch = copyOfSources();
    const bilaga = scratch.write(
      'bilagor/sup-2040.yaml',
      readFileSync(join(scratch.sources, 'bilagor', 'sup-2040.yaml'), 'utf8').replace('innehall:', 'innehal:'),
    );
    const messages = (await validateSources(scratch.sources, [join(scratch.sources, 'verksamhetsplan', '2023.yaml')])).messages;
    const errors = messages.filter((m) => m.severity === 'error');
    expect(errors.map((m) => m.ruleId)).toContain('schema/unknown-key');
    expect(errors.every((m) => m.file === relative(process.cwd(), bilaga))).toBe(true);
    // The root cause first.
    expect(messages[0]!.file).toBe(relative(process.cwd(), bilaga));
  });

  it('refuses a 50 MB source before parsing it', { timeout: 60_000 }, async () => {
    const huge = Buffer.concat([Buffer.from('typ: bilaga\nid: stor\ninnehall:\n'), Buffer.alloc(50 * 2 ** 20, '  - stycke: text\n')]);
    const messages = await validateFixture('bilagor/stor.yaml', huge);
    expect(messages.map((m) => [m.ruleId, m.text.sv.reason])).toEqual([['load/too-large', 'Filen är 50 MB; en källa får vara högst 5 MB.']]);
  });

  it('explains a structure nested too deeply for the parser', { timeout: 60_000 }, async () => {
    const messages = await validateFixture('bilagor/djup.yaml', `typ: bilaga\nid: djup\ninnehall: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(messages.map((m) => m.ruleId)).toEqual(['yaml/syntax']);
    expect(messages[0]!.text.sv.reason).toContain('för djupt nästlad');
  });

  it('refuses a 10 000-row activity table and a field of a million characters with the limits in the message', { timeout: 60_000 }, async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `            - { id: a${i}, aktivitet: Aktivitet ${i} }`).join('\n');
    const plan = [
      'typ: verksamhetsplan',
      'id: vp-stor',
      'ar: 2023',
      'utgivare: samarbetskommitten',
      'datum: 2023-03-16',
      'status: utkast',
      'version: 1',
      'sektioner:',
      '  - id: om',
      '    rubrik: Om',
      '    innehall:',
      `      - stycke: ${'x'.repeat(1_000_000)}`,
      '      - aktiviteter:',
      '          id: t',
      '          rader:',
      rows,
      '',
    ].join('\n');
    const messages = await validateFixture('verksamhetsplan/stor.yaml', plan);
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.text.sv.reason])).toEqual([
      ['schema/too-long', 12, 17, 'Fältet "stycke" är 1\u00a0000\u00a0000 tecken långt; högst 20\u00a0000 tecken är tillåtet.'],
      ['schema/too-many-items', 15, 11, 'Listan "rader" har 10\u00a0000 poster; högst 1\u00a0000 är tillåtet.'],
    ]);
  });

  it('stops a YAML alias bomb with a message instead of expanding it', async () => {
    const bomb = [
      'typ: bilaga',
      'id: bomb',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'innehall: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      '',
    ].join('\n');
    const messages = await validateFixture('bilagor/bomb.yaml', bomb);
    expect(messages.map((m) => m.ruleId)).toEqual(['yaml/aliases']);
  });

  it('finds a bad byte deep in a large file at once (a bug: the search was quadratic, 250 s for a byte after 256 kB)', { timeout: 30_000 }, async () => {
    const line = 'innehall: text som är UTF-8, å ä ö\n';
    const good = Buffer.from(`typ: bilaga\nid: stor\n${line.repeat(100_000)}`);
    const bytes = Buffer.concat([good, Buffer.from('# G'), Buffer.from([0xf6]), Buffer.from('teborg\n')]);
    expect(firstInvalidUtf8(bytes)).toBe(good.length + 3);
    expect(firstInvalidUtf8(good)).toBe(good.length);
    // A character cut at the end of a prefix is not taken for a bad one: the bad byte is the lone continuation byte.
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3, 0xa5, 0xa5, 0x61]))).toBe(3);
    const [message] = await validateFixture('bilagor/stor.yaml', bytes);
    expect(message).toMatchObject({ ruleId: 'load/encoding', line: 100_003, column: 4 });
  });

  it('reports a warning about a file once per document that uses it (a bug: twice)', async () => {
    const scratch = copyOfSources();
    const plan = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
    scratch.write('verksamhetsplan/2023.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(plan)]));
    const document = [...(await planProject(scratch.sources, [plan])).documents()].find((d) => d.job.source.absolutePath === plan);
    expect(document!.messages.filter((m) => m.ruleId === 'load/bom')).toHaveLength(1);
    expect(document!.prepared).toBeDefined();
  });
});
