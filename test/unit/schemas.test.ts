import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../pipeline/core/paths.ts';
import { fieldHelp } from '../../pipeline/validate/schema-fields.ts';

/** Help while typing: every field an author can write has a Swedish description for the editor's hover. */
describe('schemas', () => {
  const dir = join(projectRoot, 'schemas');
  const schemas = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));

  const definitions = JSON.parse(readFileSync(join(dir, 'definitions.schema.json'), 'utf8')) as { $defs: Record<string, { description?: string }> };

  it.each(schemas)('%s describes every field', (file) => {
    const schemaJson = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { $defs?: Record<string, { description?: string }> };
    /** A field is described by its own description or by that of the definition it refers to. */
    const refDescribed = (ref: string) => {
      const [target, pointer] = ref.split('#/$defs/');
      const defs = target === '' ? schemaJson.$defs : definitions.$defs;
      return typeof defs?.[pointer!]?.description === 'string';
    };
    const undescribed: string[] = [];
    /** The schemas nested in a schema, with their paths: under items, anyOf and $defs. */
    const nested = (schema: Record<string, unknown>, path: string): Array<[unknown, string]> =>
      ['items', 'anyOf', '$defs'].flatMap((key) => {
        const value = schema[key];
        if (Array.isArray(value)) return value.map((v, i): [unknown, string] => [v, `${path}.${key}[${i}]`]);
        if (key === '$defs' && value) return Object.entries(value).map(([n, v]): [unknown, string] => [v, `${path}.$defs.${n}`]);
        return [[value, `${path}.${key}`]];
      });
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Record<string, unknown>;
      for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown> | true>)) {
        // `true` only says that a field is there (one of two that may be, in anyOf): it is described where it is defined.
        if (child === true) continue;
        const described = typeof child.description === 'string' || (typeof child.$ref === 'string' && refDescribed(child.$ref));
        if (!described) undescribed.push(`${path}.${name}`);
        visit(child, `${path}.${name}`);
      }
      for (const [child, at] of nested(schema, path)) visit(child, at);
    };
    visit(schemaJson, file);
    expect(undescribed).toEqual([]);
  });

  it('say of every reference to the register which list it refers to, and give examples only from that list', () => {
    const register = parse(readFileSync(join(projectRoot, 'sources', 'register.yaml'), 'utf8')) as Record<string, Array<{ id: string }>>;
    const listed = (list: string) => (list === 'personer-eller-organ' ? ['personer', 'organ'] : [list]).flatMap((l) => register[l]!.map((e) => e.id));
    const problems: string[] = [];
    /** What is wrong with one schema node that refers to the register: no list named, or an example from another list. */
    const check = (schema: { $ref?: string; register?: string; examples?: unknown[] }, path: string): string[] => {
      // ref-eller-ifylles's own branch is marked where the definition is used.
      if (!/#\/\$defs\/ref(-eller-ifylles)?$/.test(schema.$ref ?? '') || path.includes('$defs.ref-eller-ifylles')) return [];
      if (!schema.register) return [`${path}: no register list`];
      return (schema.examples ?? []).filter((e) => !listed(schema.register!).includes(String(e))).map((e) => `${path}: example ${e}`);
    };
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      problems.push(...check(node, path));
      for (const [key, child] of Object.entries(node)) visit(child, `${path}.${key}`);
    };
    for (const file of schemas) visit(JSON.parse(readFileSync(join(dir, file), 'utf8')), file);
    expect(problems).toEqual([]);
    expect(fieldHelp('tjansteskrivelse', ['kommun'])).toEqual({ description: 'Id för kommunen i registret.', examples: ['tyreso'], register: 'kommuner' });
    expect(fieldHelp('minnesanteckningar', ['deltagare', 0])).toMatchObject({ register: 'personer', examples: ['helene-olofsson'] });
    expect(fieldHelp('minnesanteckningar', ['deltagare', 0])?.description).toMatch(/^De som deltog/);
    expect(fieldHelp('minnesanteckningar', ['deltagare', 0, 'kommun'])?.register).toBe('kommuner');
  });

  it("let an editor show a field's own description: a branch of alternatives that refers to a definition describes nothing itself", () => {
    // yaml-language-server shows the first description among the schemas a value matches, innermost first: a branch's
    // description (the text's, the fill-in's) would hide the field's ("Diarienummer, t.ex. 2023/KS 0063 005."). See docs/decisions.md.
    const definitionsWithBranches = definitions.$defs as Record<string, { anyOf?: Array<{ $ref?: string; description?: string }> }>;
    const referring = Object.entries(definitionsWithBranches).flatMap(([name, d]) =>
      (d.anyOf ?? []).flatMap((branch, i) => (branch.$ref === undefined ? [] : [{ at: `${name}.anyOf[${i}]`, description: branch.description }])),
    );
    expect(referring.map((b) => b.at.split('.')[0]).sort()).toEqual([
      'datum-eller-ifylles',
      'datum-eller-ifylles',
      'ref-eller-ifylles',
      'ref-eller-ifylles',
      'text-eller-ifylles',
      'text-eller-ifylles',
    ]);
    expect(referring.filter((b) => b.description !== '')).toEqual([]);
  });

  it('are associated with every source, by a modeline at the top of the file', () => {
    const sources = join(projectRoot, 'sources');
    const files = (readdirSync(sources, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files)
      expect(readFileSync(join(sources, f), 'utf8').split('\n')[0], f).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schemas\/[a-z]+\.schema\.json$/);
  });
});
