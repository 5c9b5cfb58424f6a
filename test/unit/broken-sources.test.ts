import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipeline/paths.ts';
import { validateSources } from '../../pipeline/validate/validate-sources.ts';
import { copyOfSources } from '../helpers/project.ts';

/**
 * Each file in test/fixtures/broken is a source with one mistake. Its first
 * line says where it goes in a copy of sources/ (`# path: …`); its last lines
 * say exactly which messages validation must give (`# expect: line:column
 * severity rule-id message`).
 */
const fixturesDir = join(projectRoot, 'test', 'fixtures', 'broken');
const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith('.yaml')).sort();

function expectationsOf(text: string): string[] {
  return [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1]!);
}

function validateFixture(path: string, content: string | Buffer) {
  const scratch = copyOfSources();
  const file = scratch.write(path, content);
  return validateSources(scratch.sources, [file]).messages;
}

describe('broken sources', () => {
  it.each(fixtures)('%s gives exactly its expected messages', (name) => {
    const text = readFileSync(join(fixturesDir, name), 'utf8');
    const path = /^# path: (.+)$/m.exec(text)?.[1];
    expect(path, 'fixture needs a "# path:" line').toBeDefined();
    const expected = expectationsOf(text);
    expect(expected.length).toBeGreaterThan(0);
    const actual = validateFixture(path!, text).map((m) => `${m.line}:${m.column} ${m.severity} ${m.ruleId} ${m.reason}`);
    expect(actual).toEqual(expected);
  });

  it('reports a file that is not UTF-8 with its position', () => {
    const bytes = Buffer.concat([Buffer.from('typ: verksamhetsplan\nid: vp\n# G'), Buffer.from([0xf6]), Buffer.from('teborg\n')]);
    const [message, ...rest] = validateFixture('verksamhetsplan/latin1.yaml', bytes);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ ruleId: 'load/encoding', line: 3, column: 4, severity: 'error' });
    expect(message!.fix).toContain('UTF-8');
  });

  it('warns about a byte-order mark but still reads the file', () => {
    const real = readFileSync(join(projectRoot, 'sources', 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml'));
    const messages = validateFixture('minnesanteckningar/2023-10-27-ledningsgruppen.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), real]));
    expect(messages.map((m) => [m.ruleId, m.severity, m.line, m.column])).toEqual([['load/bom', 'warning', 1, 1]]);
  });

  it('without a valid register, documents say so instead of failing on every name', () => {
    const scratch = copyOfSources();
    scratch.write('register.yaml', 'typ: register\nkommuner: []\n');
    const plan = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
    const messages = validateSources(scratch.sources, [plan]).messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: 'register/missing', line: 1, column: 1 });
  });

  it('stops a YAML alias bomb with a message instead of expanding it', () => {
    const bomb = ['typ: bilaga', 'id: bomb', 'a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'innehall: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', ''].join('\n');
    const messages = validateFixture('bilagor/bomb.yaml', bomb);
    expect(messages.map((m) => m.ruleId)).toEqual(['yaml/aliases']);
  });
});

describe('rule coverage', () => {
  it('every rule id the validator can report has a fixture or a test that triggers it', () => {
    const tests = readdirSync(join(projectRoot, 'test', 'unit')).map((f) => readFileSync(join(projectRoot, 'test', 'unit', f), 'utf8')).join('\n');
    const triggered = new Set(fixtures.flatMap((f) => expectationsOf(readFileSync(join(fixturesDir, f), 'utf8')).map((e) => e.split(' ')[2]!)));
    for (const match of tests.matchAll(ruleIdLiteral)) triggered.add(match[1]!);
    const sourceDirs = ['validate', 'load'].map((d) => join(projectRoot, 'pipeline', d));
    const declared = new Set<string>();
    for (const dir of sourceDirs) {
      for (const file of readdirSync(dir)) {
        const code = readFileSync(join(dir, file), 'utf8');
        for (const m of code.matchAll(ruleIdLiteral)) declared.add(m[1]!);
      }
    }
    const untested = [...declared].filter((id) => !triggered.has(id) && !untestable.has(id)).sort();
    expect(untested).toEqual([]);
  });
});

const ruleIdLiteral = /'((?:yaml|load|ref|id|budget|calendar|minutes|date|fill-in|bilaga|plan|arende|tjansteskrivelse|register)\/[a-z-]+)'/g;

/** Rule ids that no source file can trigger through validate (the file must exist to be listed). */
const untestable = new Set(['load/unreadable']);
