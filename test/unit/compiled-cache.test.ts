import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledOnce, keep, kept } from '../../pipeline/core/compiled-cache.ts';
import { defaultSourcesDir, projectRoot } from '../../pipeline/core/paths.ts';
import { loadProject } from '../../pipeline/load/project.ts';
import { compileTemplates } from '../../pipeline/render/render-html.ts';
import { compileValidators, loadValidators } from '../../pipeline/validate/schemas.ts';
import { preparedDocuments } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

const schemasDir = join(projectRoot, 'schemas');
const scratch = () => scratchDir('handlingar-compiled-');

describe('validators kept compiled between runs', () => {
  it('report exactly what freshly compiled ones do, on the real sources and on each of their fields broken', { timeout: 60_000 }, () => {
    const cache = scratch();
    loadValidators(schemasDir, cache);
    expect(readdirSync(cache)).toEqual([expect.stringMatching(/^validators-[0-9a-f]{16}\.cjs$/)]);
    const kept = loadValidators(schemasDir, cache);
    const schemas = readdirSync(schemasDir)
      .filter((f) => f.endsWith('.schema.json'))
      .sort()
      .map((file) => ({ file, text: readFileSync(join(schemasDir, file), 'utf8') }));
    const fresh = compileValidators(schemas).value;
    let invalid = 0;
    for (const { source, type } of loadProject(defaultSourcesDir).sources.values()) {
      const data = source.data as Record<string, unknown>;
      const variants = [
        data,
        ...Object.keys(data).flatMap((key) =>
          [undefined, 42, 'text', null, { okand: 1 }, [1]].map((value) => {
            const copy: Record<string, unknown> = structuredClone(data);
            if (value === undefined) delete copy[key];
            else copy[key] = value;
            return copy;
          }),
        ),
      ];
      for (const variant of variants) {
        const [a, b] = [fresh.get(type)!, kept.get(type)!];
        const valid = a(variant);
        expect(b(variant), source.path).toBe(valid);
        expect(JSON.stringify(b.errors), source.path).toBe(JSON.stringify(a.errors));
        if (!valid) invalid++;
      }
    }
    expect(invalid).toBeGreaterThan(300);
  });

  it('are compiled again when the kept module is damaged', () => {
    const cache = scratch();
    loadValidators(schemasDir, cache);
    const file = join(cache, readdirSync(cache)[0]!);
    writeFileSync(file, 'module.exports = {');
    expect(loadValidators(schemasDir, cache).get('register')!({ typ: 'register' })).toBe(false);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(10_000);
  });
});

describe('templates kept precompiled between runs', () => {
  it('render every real document as they did when just compiled', { timeout: 60_000 }, async () => {
    const cache = scratch();
    const first = compileTemplates(cache);
    expect(readdirSync(cache)).toEqual([expect.stringMatching(/^templates-[0-9a-f]{16}\.cjs$/)]);
    const kept = compileTemplates(cache);
    for (const { job, view: prepared } of await preparedDocuments()) {
      const view = { ...prepared, css: '' };
      const html = kept.get(job.kind)!(view, { data: { pages: new Map() } });
      expect(html.length, job.source.path).toBeGreaterThan(3_000);
      expect(html, job.source.path).toBe(first.get(job.kind)!(view, { data: { pages: new Map() } }));
    }
  });
});

describe('compiled code of other versions', () => {
  it('is kept, the newest eight: checkouts sharing node_modules do not compile again at every command', () => {
    const cache = scratch();
    let compiled = 0;
    const version = (n: number) =>
      compiledOnce(
        'test',
        { n },
        () => {
          compiled++;
          return { value: n, code: `module.exports = ${n};` };
        },
        (exports) => exports as number,
        cache,
      );
    for (let n = 1; n <= 10; n++) {
      expect(version(n)).toBe(n);
      // Dated a second apart, in order: files written within the same millisecond would tie.
      for (const f of readdirSync(cache)) if (readFileSync(join(cache, f), 'utf8') === `module.exports = ${n};`) utimesSync(join(cache, f), n, n);
    }
    expect(readdirSync(cache)).toHaveLength(8);
    expect(compiled).toBe(10);
    // The versions still kept are read, not compiled; the oldest two were removed.
    for (let n = 3; n <= 10; n++) expect(version(n)).toBe(n);
    expect(compiled).toBe(10);
    expect(version(1)).toBe(1);
    expect(compiled).toBe(11);
  });
});

describe('values kept between runs (what a source parsed to)', () => {
  it('are read back whole, and only the newest are kept, so many and so many bytes', () => {
    const cache = scratch();
    expect(kept('parsed', 'finns-inte.json', cache)).toBeUndefined();
    mkdirSync(join(cache, 'parsed'));
    // 300 older values, each a second older than the next.
    const old = Array.from({ length: 300 }, (_, i) => `gammal-${i}.json`);
    for (const [i, name] of old.entries()) {
      writeFileSync(join(cache, 'parsed', name), '{}');
      utimesSync(join(cache, 'parsed', name), 1_000_000 + i, 1_000_000 + i);
    }
    // A temporary file of a writer killed long ago, and one of a writer still writing.
    writeFileSync(join(cache, 'parsed', 'gammal.json.dod.tmp'), '{"hal');
    utimesSync(join(cache, 'parsed', 'gammal.json.dod.tmp'), 1_000_000, 1_000_000);
    writeFileSync(join(cache, 'parsed', 'ny.json.skrivs.tmp'), '{"hal');
    // 64 new ones: the folder is tidied once among them.
    const added = Array.from({ length: 64 }, (_, i) => `ny-${i}.json`);
    const limits = { values: 256, bytes: 2 ** 20 };
    for (const name of added) keep('parsed', name, JSON.stringify({ name }), cache, limits);
    for (const name of added) expect(JSON.parse(kept('parsed', name, cache)!)).toEqual({ name });
    const left = new Set(readdirSync(join(cache, 'parsed')));
    expect([...left].filter((name) => name.endsWith('.json')).length).toBeLessThanOrEqual(256 + 63);
    // The oldest went, the newest of the old ones stayed; no temporary file is left.
    expect(old.slice(0, 44).filter((name) => left.has(name))).toEqual([]);
    expect(old.slice(-192).every((name) => left.has(name))).toBe(true);
    expect([...left].filter((name) => name.endsWith('.tmp'))).toEqual(['ny.json.skrivs.tmp']);

    // Fewer bytes allowed than the values take: the newest that fit stay, all the older ones go (128 values: tidied
    // twice, the second time with more than ten large ones written).
    const large = Array.from({ length: 128 }, (_, i) => `stor-${i}.json`);
    for (const name of large) keep('parsed', name, JSON.stringify('x'.repeat(100_000)), cache, { values: 4096, bytes: 10 * 100_002 });
    expect(readdirSync(join(cache, 'parsed')).filter((name) => name.endsWith('.json') && !name.startsWith('stor-'))).toEqual([]);
    expect(large.slice(-1).every((name) => kept('parsed', name, cache) !== undefined)).toBe(true);
  });
});
