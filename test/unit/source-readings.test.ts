import { randomUUID } from 'node:crypto';
import { cpSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledCacheDir, keep, kept } from '../../pipeline/core/compiled-cache.ts';
import { loadProject } from '../../pipeline/load/project.ts';
import { parsedKey, parseSource, positionOf, readSource } from '../../pipeline/load/source-file.ts';
import { copyOfSources } from '../helpers/project.ts';

describe('reading the sources again (as `handlingar watch` does after every save)', () => {
  it('parses only the files that changed, and gives the same messages each time', () => {
    const scratch = copyOfSources();
    const plan = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
    const letter = join(scratch.sources, 'tjansteskrivelse', 'sup-2040', 'tyreso.yaml');
    scratch.write('anteckning.yaml', 'typ: anteckning\ntext: ett okänt slag av källa\n');
    const first = loadProject(scratch.sources);
    const unknownType = (project: typeof first) => project.unreadable.flatMap((u) => u.messages).filter((m) => m.ruleId === 'load/unknown-type');

    scratch.write('tjansteskrivelse/sup-2040/tyreso.yaml', readFileSync(letter, 'utf8').replace('Tyresö', 'Tyresö kommun'));
    const second = loadProject(scratch.sources);
    // Unchanged: the very same reading. Changed: read anew, with the new text.
    expect(second.sources.get(plan)!.source).toBe(first.sources.get(plan)!.source);
    expect(second.sources.get(letter)!.source).not.toBe(first.sources.get(letter)!.source);
    expect(second.sources.get(letter)!.source.text).toContain('Tyresö kommun');
    expect(unknownType(first)).toHaveLength(1);
    expect(unknownType(second)).toHaveLength(1);

    // A reading is let go once a later project no longer read it: here the letter's first text, written back.
    scratch.write('tjansteskrivelse/sup-2040/tyreso.yaml', first.sources.get(letter)!.source.text);
    loadProject(scratch.sources);
    expect(loadProject(scratch.sources).sources.get(letter)!.source).not.toBe(first.sources.get(letter)!.source);
  });
});

describe('a source parsed by an earlier process', () => {
  const keys: string[] = [];
  afterEach(() => {
    for (const key of keys.splice(0)) for (const kind of ['parsed', 'positions']) rmSync(join(compiledCacheDir, kind, key), { force: true });
  });
  /** A copy of a file beside it, under a new name: a path no process has read. */
  const cpCopy = (file: string) => {
    const copy = file.replace(/\.yaml$/, `-${randomUUID()}.yaml`);
    cpSync(file, copy);
    return copy;
  };
  /** A source of its own (its bytes found in no other test), written into a copy of the sources. */
  const unique = (text: string) => {
    const scratch = copyOfSources();
    const file = scratch.write('verksamhetsplan/egen.yaml', `# ${randomUUID()}\n${text}`);
    keys.push(parsedKey(readFileSync(file)));
    return { file, sources: scratch.sources, key: keys.at(-1)! };
  };

  it('is read from what it parsed to, kept by the bytes: the same data as parsing gives, for every real source', () => {
    // Read in one copy (parsed, kept, or read from what an earlier run kept), then in another: the first reading of these paths.
    const first = copyOfSources();
    const second = copyOfSources();
    const files = [...loadProject(first.sources).sources.keys()].map((file) => file.slice(first.sources.length));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const bytes = readFileSync(second.sources + file);
      expect(kept('parsed', parsedKey(bytes)), file).toBeDefined();
      const read = readSource(second.sources + file, second.sources).source!;
      expect(read.data, file).toEqual(parseSource(file, second.sources + file, bytes).source!.data);
    }
  });

  it('takes its data from what was kept, and finds the lines of its fields in its text when a message needs them', () => {
    const { file, sources, key } = unique('typ: verksamhetsplan\nar: 2031\n\ntitel: Plan\n');
    keep('parsed', key, JSON.stringify({ typ: 'verksamhetsplan', ar: 1999, titel: 'Kept' }));
    const source = readSource(file, sources).source!;
    expect(source.data).toEqual({ typ: 'verksamhetsplan', ar: 1999, titel: 'Kept' });
    expect(positionOf(source, ['titel'])).toEqual({ line: 5, column: 8 });
    expect(source.doc.get('ar')).toBe(2031);
  });

  it('names the places of its messages as found before, kept with it: the next process need not parse its text', async () => {
    const { file, sources, key } = unique('typ: verksamhetsplan\nar: 2031\n\ntitel: Plan\n');
    const copy = (name: string) => {
      const path = join(sources, 'verksamhetsplan', name);
      cpSync(file, path);
      return path;
    };
    readSource(file, sources);
    // Kept by the first reading: the second is read from it, and finds the place in its text, and keeps it.
    const second = readSource(copy('andra.yaml'), sources).source!;
    expect(second.positions).toBeDefined();
    expect(positionOf(second, ['titel'])).toEqual({ line: 5, column: 8 });
    // Kept once for all the places found in a turn.
    expect(kept('positions', key)).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.parse(kept('positions', key)!)).toEqual({ [JSON.stringify([['titel'], false])]: { line: 5, column: 8 } });
    // A third takes the kept place as it is (here one made up, so that it shows), and ignores one that is not a place.
    keep('positions', key, JSON.stringify({ [JSON.stringify([['titel'], false])]: { line: 99, column: 1 }, [JSON.stringify([['ar'], false])]: { line: 'x' } }));
    const third = readSource(copy('tredje.yaml'), sources).source!;
    expect(positionOf(third, ['titel'])).toEqual({ line: 99, column: 1 });
    expect(positionOf(third, ['ar'])).toEqual({ line: 3, column: 5 });
    expect(positionOf(third, ['ar'], true)).toEqual({ line: 3, column: 1 });
  });

  it('is parsed when what was kept is damaged, and not kept when JSON would change its data (.inf, -0)', () => {
    const damaged = unique('typ: verksamhetsplan\nar: 2031\n');
    keep('parsed', damaged.key, '{"typ": "verksamh');
    expect(readSource(damaged.file, damaged.sources).source!.data).toEqual({ typ: 'verksamhetsplan', ar: 2031 });
    const infinite = unique('typ: verksamhetsplan\nar: .inf\nnoll: -0.0\n');
    const data = readSource(infinite.file, infinite.sources).source!.data as { ar: number; noll: number };
    expect(data.ar).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(data.noll, -0)).toBe(true);
    expect(kept('parsed', infinite.key)).toBeUndefined();
    const finite = unique('typ: verksamhetsplan\nar: 2031\n');
    readSource(finite.file, finite.sources);
    expect(JSON.parse(kept('parsed', finite.key)!)).toEqual({ typ: 'verksamhetsplan', ar: 2031 });
  });

  it('is not kept when an alias makes its data other than a tree: one shared object, or one that holds itself', () => {
    const shared = unique('typ: verksamhetsplan\na: &x { k: 1 }\nb: *x\n');
    const data = readSource(shared.file, shared.sources).source!.data as { a: object; b: object };
    expect(data.b).toBe(data.a);
    expect(kept('parsed', shared.key)).toBeUndefined();
    const itself = unique('typ: verksamhetsplan\nextra: &x\n  b: *x\n');
    const extra = (readSource(itself.file, itself.sources).source!.data as { extra: { b: unknown } }).extra;
    expect(extra.b).toBe(extra);
    expect(kept('parsed', itself.key)).toBeUndefined();
    // Read again, each is parsed again, with the same data.
    const again = readSource(cpCopy(itself.file), itself.sources).source!.data as { extra: { b: unknown } };
    expect(again.extra.b).toBe(again.extra);
  });

  it("is not kept when it is an editor's unsaved text", () => {
    const { file, sources } = unique('typ: verksamhetsplan\nar: 2031\n');
    const unsaved = `${readFileSync(file, 'utf8')}titel: Osparad ${randomUUID()}\n`;
    expect((readSource(file, sources, unsaved).source!.data as { titel: string }).titel).toMatch(/^Osparad /);
    expect(kept('parsed', parsedKey(Buffer.from(unsaved)))).toBeUndefined();
  });
});

describe('listing the sources', () => {
  it("skips files whose names start with a dot (an editor's lock file, a broken link) and reads a broken link otherwise named as unreadable", () => {
    const scratch = copyOfSources();
    symlinkSync('kansli@dator.12345:1700000000', join(scratch.sources, 'verksamhetsplan', '.#2023.yaml'));
    scratch.write('verksamhetsplan/.2023.yaml.swp', 'inte yaml: [');
    symlinkSync(join(scratch.dir, 'finns-inte.yaml'), join(scratch.sources, 'bilagor', 'borta.yaml'));
    const project = loadProject(scratch.sources);
    expect(project.unreadable.map((u) => [u.absolutePath.slice(scratch.sources.length + 1), u.messages.map((m) => m.text.sv.reason)])).toEqual([
      ['bilagor/borta.yaml', ['Filen kan inte läsas (ENOENT).']],
    ]);
    expect(project.sources.size).toBe(25);
  });
});
