import { type Document, isMap, isNode, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { PathSegment } from './source-file.ts';

/**
 * Where an offset of a YAML text is, as a data path, for an editor (the
 * other way round from positionOf): on a key, the path of its field; in a
 * value, or just after a key's colon where the value is still empty, the
 * path of that value. Undefined outside any field.
 */
export function pathAt(doc: Document, text: string, offset: number): { path: PathSegment[]; onKey: boolean } | undefined {
  let node: unknown = doc.contents;
  const path: PathSegment[] = [];
  for (;;) {
    const step = childAt(node, text, offset);
    if (!step) return path.length > 0 ? { path, onKey: false } : undefined;
    path.push(step.segment);
    if (step.onKey) return { path, onKey: true };
    node = step.node;
  }
}

function childAt(node: unknown, text: string, offset: number): { segment: PathSegment; node: unknown; onKey: boolean } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const segment = String(pair.key.value);
      if (contains(pair.key, text, offset)) return { segment, node: pair.value, onKey: true };
      if (contains(pair.value, text, offset)) return { segment, node: pair.value, onKey: false };
    }
  }
  if (isSeq(node)) {
    const index = node.items.findIndex((item) => contains(item, text, offset));
    if (index >= 0) return { segment: index, node: node.items[index], onKey: false };
  }
  return undefined;
}

/** True when `offset` is within the node, at its end included; an empty value holds the blanks after it on its line. */
function contains(node: unknown, text: string, offset: number): boolean {
  if (!isNode(node) || !node.range) return false;
  const [start, end] = node.range;
  if (isScalar(node) && node.value === null && start === end) return offset >= start && /^[ ]*$/.test(text.slice(start, offset));
  return offset >= start && offset <= end;
}

/** The innermost object (mapping) that has a key or a value starting at `offset`. */
export function mappingAt(doc: Document, offset: number): YAMLMap | undefined {
  const visit = (node: unknown): YAMLMap | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const inner = visit(pair.value);
        if (inner) return inner;
      }
      if (node.items.some((pair) => [pair.key, pair.value].some((n) => isNode(n) && !isMap(n) && n.range?.[0] === offset))) return node;
    }
    if (isSeq(node)) {
      for (const item of node.items) {
        const inner = visit(item);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return visit(doc.contents);
}

/**
 * Where to add `key: value` to a mapping, and the text to insert: after its
 * last value, on a line of its own (at the indentation of its keys) in a
 * block mapping, or after a comma in a flow mapping ({ a: 1 }).
 */
export function fieldInsertion(map: YAMLMap, text: string, key: string, value: string): { offset: number; insert: string } | undefined {
  const last = map.items.at(-1);
  const end = (isNode(last?.value) ? last.value : (last?.key as Node | undefined))?.range?.[1];
  const first = map.items[0]?.key as Node | undefined;
  if (end === undefined || !first?.range) return undefined;
  if (map.flow) return { offset: end, insert: `, ${key}: ${value}` };
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const indent = text.slice(lineStart, first.range[0]).replace(/[^ ]/g, ' ');
  return { offset: end, insert: `\n${indent}${key}: ${value}` };
}
