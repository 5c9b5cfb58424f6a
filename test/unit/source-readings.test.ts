import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../pipeline/load/project.ts';
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
