import { defineRule } from '../core/message.ts';
import { type PathSegment, positionOf } from '../load/source-file.ts';
import { type RuleContext, report } from './rule-context.ts';

const duplicate = defineRule<{ id: string; firstLine: number }>('id/duplicate', 'error', {
  sv: ({ id, firstLine }) => ({
    reason: `Id "${id}" används redan (rad ${firstLine}). Varje id måste vara unikt i dokumentet.`,
    fix: `Ge posten ett eget id, t.ex. "${id}-2".`,
  }),
  en: ({ id, firstLine }) => ({
    reason: `The id "${id}" is already used (line ${firstLine}). Every id must be unique within the document.`,
    fix: `Give the item an id of its own, such as "${id}-2".`,
  }),
});

/** Every repeated item's id is unique within its document; later editions are compared by these ids. */
export function checkUniqueIds(context: RuleContext): void {
  const seen = new Map<string, readonly PathSegment[]>();
  walk(context.source.data, [], (id, path) => {
    const first = seen.get(id);
    if (first) {
      const line = firstLine(context, first);
      report(context, [...path, 'id'], duplicate, { id, firstLine: line });
    } else {
      seen.set(id, path);
    }
  });
}

function firstLine(context: RuleContext, path: readonly PathSegment[]): number {
  return positionOf(context.source, [...path, 'id']).line;
}

/** Calls `visit` for every object inside an array that has a string `id`. */
function walk(value: unknown, path: PathSegment[], visit: (id: string, path: PathSegment[]) => void, inArray = false): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walk(item, [...path, i], visit, true);
  } else if (typeof value === 'object' && value !== null) {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string' && (inArray || isNamedItem(path))) visit(id, path);
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'id') walk(child, [...path, key], visit);
    }
  }
}

/** Items that are not in a list themselves but carry an id (an activity table, a calendar, an action plan). */
function isNamedItem(path: readonly PathSegment[]): boolean {
  const last = path[path.length - 1];
  return last === 'aktiviteter' || last === 'kalendarium' || last === 'handlingsplan';
}
