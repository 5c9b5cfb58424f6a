import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { definedRules } from '../../pipeline/core/message.ts';
import { projectRoot } from '../../pipeline/core/paths.ts';

/** The clerk's guide (docs/skriva-kallor.md) explains every message: its tables list every rule in the catalog, and no other. */
const guide = readFileSync(join(projectRoot, 'docs', 'skriva-kallor.md'), 'utf8');

beforeAll(async () => {
  // Every module of pipeline/ loaded (main.ts would run the command line), so that every rule is defined.
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') && name !== 'main.ts' ? [path] : [];
    });
  for (const file of walk(join(projectRoot, 'pipeline'))) await import(pathToFileURL(file).href);
});

describe("the clerk's guide", () => {
  const listed = [...guide.matchAll(/^\| `([a-z-]+\/[a-z-]+)` \| (fel|varning) \|/gm)].map((m) => ({
    id: m[1]!,
    severity: m[2] === 'fel' ? 'error' : 'warning',
  }));

  it('lists every rule of the catalog once, as an error or a warning as the rule is', () => {
    const catalog = [...definedRules().values()].map((r) => ({ id: r.id, severity: r.severity })).sort((a, b) => a.id.localeCompare(b.id));
    expect(catalog.length).toBeGreaterThan(100);
    expect(catalog.filter((r) => !listed.some((l) => l.id === r.id)).map((r) => r.id)).toEqual([]);
    expect([...listed].sort((a, b) => a.id.localeCompare(b.id))).toEqual(catalog);
  });

  it('says how to set up the editor, and how to write each kind of document', () => {
    for (const words of [
      'handlingar lsp',
      '# yaml-language-server: $schema=',
      'yaml.schemas',
      'typ: verksamhetsplan',
      'typ: arende',
      'typ: tjansteskrivelse',
      'typ: minnesanteckningar',
      'typ: register',
    ]) {
      expect(guide).toContain(words);
    }
  });
});
