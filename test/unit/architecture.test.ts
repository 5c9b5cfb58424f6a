import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipeline/core/paths.ts';

/**
 * The house's design, held against its imports (docs/architecture.md draws
 * it): the command line registers commands, commands call the orchestration,
 * the orchestration calls the stages, and everything may use core. Imports
 * run one way only: down this list, and between stages from a later stage to
 * an earlier one.
 */
const layers = [
  'core',
  // the stages, in the order a document goes through them
  'load',
  'validate',
  'prepare',
  'diff',
  'render',
  'print',
  'finish',
  'check',
  'publish',
  'archive',
  // next year's sources from this year's: reads sources as validate does, writes none of the above
  'scaffold',
  'orchestrate',
  'commands',
  'cli.ts',
  'main.ts',
];

const pipeline = join(projectRoot, 'pipeline');

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer of a file: its folder under pipeline/, or its own name for the files at the top. */
function layerOf(file: string): string {
  return relative(pipeline, file).split('/')[0]!;
}

/** Every module of pipeline/ a file imports, statically or with import(), as absolute paths. */
function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const specifiers = [...code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]!);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s));
}

const files = filesBelow(pipeline);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('the structure of pipeline/', () => {
  it('has every folder and top-level file in its place among the layers', () => {
    expect(new Set(files.map(layerOf))).toEqual(new Set(layers));
  });

  it('imports only what exists', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((i) => !graph.has(i)).map((i) => `${relative(pipeline, file)} → ${relative(pipeline, i)}`),
    );
    expect(missing).toEqual([]);
  });

  it('imports one way: each layer only from the layers before it (a stage never from a later stage)', () => {
    const upward = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((i) => layerOf(i) !== layerOf(file) && layers.indexOf(layerOf(i)) > layers.indexOf(layerOf(file)))
        .map((i) => `${relative(pipeline, file)} → ${relative(pipeline, i)}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycles between files (between folders, the layers rule them out)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(pipeline, f)).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps Puppeteer, pdf-lib, Handlebars, ical.js, hyphen and vscode-languageserver behind the modules that use them', () => {
    const users = (library: RegExp) => [...new Set(files.filter((f) => library.test(readFileSync(f, 'utf8'))).map(layerOf))].sort();
    expect(users(/from 'puppeteer-core'/)).toEqual(['print']);
    expect(users(/from 'handlebars'/)).toEqual(['render']);
    expect(users(/from '(ical\.js|timezones-ical-library)'/)).toEqual(['render']);
    expect(users(/from 'pdf-lib'/)).toEqual(['check', 'core', 'finish', 'print']);
    // fflate is the tests' own reader of a DOCX, independent of the zip the pipeline writes.
    expect(users(/from 'fflate'/)).toEqual([]);
    expect(users(/from 'hyphen\//)).toEqual(['render']);
    // The language server's protocol library stays in the one module that speaks it.
    const modules = (library: RegExp) => files.filter((f) => library.test(readFileSync(f, 'utf8'))).map((f) => relative(pipeline, f));
    expect(modules(/from 'vscode-languageserver(-textdocument)?(\/node)?'/)).toEqual(['orchestrate/language-server.ts']);
  });

  it('loads no browser, PDF, template, schema or comparison library at the start of a command, only when the command runs', () => {
    // What a file loads as soon as it is loaded: its imports that are neither `import type` nor `import()`.
    const eager = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*import\s(?!type\s)[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]!);
    const loaded = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const specifier of eager(file)) {
        if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
        else packages.add(specifier);
      }
    };
    visit(join(pipeline, 'cli.ts'));
    expect([...packages].filter((p) => !p.startsWith('node:')).sort()).toEqual(['commander']);
  });
});
