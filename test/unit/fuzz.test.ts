import { describe, expect, it } from 'vitest';
import { type Document, isMap, isSeq, type Node, parseDocument } from 'yaml';
import { hasErrors, type Message } from '../../pipeline/core/message.ts';
import { defaultSourcesDir } from '../../pipeline/core/paths.ts';
import { loadProject, type Project, planJobs } from '../../pipeline/load/project.ts';
import { parseSource, type SourceFile } from '../../pipeline/load/source-file.ts';
import { prepareDocument } from '../../pipeline/prepare/prepare-document.ts';
import { renderHtml } from '../../pipeline/render/render-html.ts';
import { Validation } from '../../pipeline/validate/validate-project.ts';

/**
 * Random mutations of the real sources (seeded, so a failure can be replayed):
 * validation must never throw, every problem must be a positioned message, and
 * whatever passes validation must prepare and render to HTML without throwing.
 */
const ROUNDS = 400;
const real = loadProject(defaultSourcesDir);
const files = [...real.sources.keys()];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type Path = Array<string | number>;

/** Every path to a node in the document. */
function paths(doc: Document): Path[] {
  const found: Path[] = [];
  const visit = (node: unknown, path: Path) => {
    found.push(path);
    if (isMap(node)) for (const pair of node.items) visit(pair.value, [...path, String((pair.key as { value: unknown }).value)]);
    if (isSeq(node)) for (const [i, item] of node.items.entries()) visit(item, [...path, i]);
  };
  visit(doc.contents, []);
  return found.slice(1);
}

const mutations: Array<(doc: Document, path: Path, rnd: () => number, text: string) => string> = [
  (doc, path) => {
    doc.deleteIn(path);
    return doc.toString();
  },
  (doc, path) => {
    doc.setIn(path, 42);
    return doc.toString();
  },
  (doc, path) => {
    doc.setIn(path, 'text');
    return doc.toString();
  },
  (doc, path) => {
    doc.setIn(path, null);
    return doc.toString();
  },
  (doc, path) => {
    doc.setIn(path, doc.createNode(['a', 'b']));
    return doc.toString();
  },
  (doc, path) => {
    doc.setIn(path, doc.createNode({ okand: 1 }));
    return doc.toString();
  },
  (doc, path) => {
    doc.setIn(path, '2023-02-30');
    return doc.toString();
  },
  (doc, path) => {
    doc.setIn(path, 'okant-id');
    return doc.toString();
  },
  (doc, path, rnd) => {
    // Swap with another node's value: dates out of order, ids duplicated, lists in odd places.
    const all = paths(doc);
    const other = all[Math.floor(rnd() * all.length)]!;
    const a = doc.getIn(path, true) as Node;
    const b = doc.getIn(other, true) as Node;
    try {
      doc.setIn(path, b?.clone?.() ?? b);
      doc.setIn(other, a?.clone?.() ?? a);
    } catch {
      /* a path inside the other */
    }
    return doc.toString();
  },
  (_doc, _path, rnd, text) => text.slice(0, Math.floor(rnd() * text.length)),
  (_doc, _path, rnd, text) => {
    const i = Math.floor(rnd() * text.length);
    return `${text.slice(0, i)}\t${text.slice(i)}`;
  },
  (_doc, _path, rnd, text) => {
    const i = Math.floor(rnd() * text.length);
    return `${text.slice(0, i)}: [{"${text.slice(i)}`;
  },
];

function withSource(project: Project, file: string, source: SourceFile | undefined): Project {
  const sources = new Map(project.sources);
  if (source) sources.set(file, { source, type: project.sources.get(file)!.type });
  else sources.delete(file);
  return { ...project, sources };
}

/** A message a person can act on: where it is, which rule, and words in both languages. */
function expectPositioned(m: Message, file: string, context: string): void {
  expect(m.line, context).toBeGreaterThanOrEqual(1);
  expect(m.column, context).toBeGreaterThanOrEqual(1);
  expect(m.ruleId, context).toMatch(/^[a-z-]+\/[a-z-]+$/);
  expect(m.text.sv.reason.length, context).toBeGreaterThan(0);
  expect(m.text.en.reason.length, context).toBeGreaterThan(0);
  expect(m.file, context).toBe(file);
}

/** Prepares and renders every valid document that uses `file`; returns how many. */
function renderAffected(project: Project, validation: Validation, file: string, context: string): number {
  let rendered = 0;
  for (const job of planJobs(project)) {
    if (!validation.jobIsValid(job) || !validation.shared) continue;
    if (job.source.absolutePath !== file && !job.deps.some((d) => d.absolutePath === file)) continue;
    const { view } = prepareDocument(job, validation.shared, project.sourcesDir);
    expect(renderHtml(job.kind, view), context).toContain('</html>');
    rendered++;
  }
  return rendered;
}

describe('fuzzing the real sources', () => {
  it(`${ROUNDS} random mutations never throw, always give positioned messages, and what validates renders`, { timeout: 180_000 }, () => {
    const rnd = random(20261122);
    let invalid = 0;
    let rendered = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const file = files[Math.floor(rnd() * files.length)]!;
      const original = real.sources.get(file)!.source;
      const doc = parseDocument(original.text);
      const all = paths(doc);
      const path = all[Math.floor(rnd() * all.length)]!;
      const mutation = mutations[Math.floor(rnd() * mutations.length)]!;
      let text: string;
      try {
        text = mutation(doc, path, rnd, original.text);
      } catch {
        continue;
      }
      const context = `round ${round}: ${file} at ${path.join('.')}`;
      const { source, messages: readMessages } = parseSource(original.path, file, Buffer.from(text));
      const project = withSource(real, file, source);
      const validation = new Validation(project);
      const messages = source ? validation.messagesFor(source) : readMessages;
      for (const m of messages) expectPositioned(m, original.path, context);
      if (hasErrors(messages)) invalid++;
      rendered += renderAffected(project, validation, file, context);
    }
    expect(invalid).toBeGreaterThan(ROUNDS / 4);
    expect(rendered).toBeGreaterThan(10);
  });
});
