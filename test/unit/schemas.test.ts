import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipeline/core/paths.ts';

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
    const visit = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Record<string, unknown>;
      for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        const described = typeof child.description === 'string' || (typeof child.$ref === 'string' && refDescribed(child.$ref));
        if (!described) undescribed.push(`${path}.${name}`);
        visit(child, `${path}.${name}`);
      }
      for (const key of ['items', 'anyOf', '$defs']) {
        const value = schema[key];
        if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}.${key}[${i}]`));
        else if (key === '$defs' && value) for (const [n, v] of Object.entries(value)) visit(v, `${path}.$defs.${n}`);
        else visit(value, `${path}.${key}`);
      }
    };
    visit(schemaJson, file);
    expect(undescribed).toEqual([]);
  });

  it('are associated with every source, by a modeline at the top of the file', () => {
    const sources = join(projectRoot, 'sources');
    const files = (readdirSync(sources, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(join(sources, f), 'utf8').split('\n')[0], f).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schemas\/[a-z]+\.schema\.json$/);
  });
});
