import { formatNumber } from '../core/format.ts';
import { defineRule } from '../core/message.ts';
import type { PathSegment } from '../load/source-file.ts';
import { type RuleContext, report } from './rule-context.ts';

/**
 * What one source may hold in all, whatever its lists: the real sources hold
 * at most a few hundred items and fifteen thousand characters, nested nine
 * deep. A single list has its own limit in the schema; these bound the
 * whole, so that no source can make a build print without end.
 */
export const SOURCE_LIMITS = { items: 5_000, characters: 1_000_000, depth: 24 } as const;

const tooManyItems = defineRule<{ count: number }>('source/too-many-items', 'error', {
  sv: ({ count }) => ({
    reason: `Filen har ${formatNumber(count)} poster i sina listor sammanlagt; högst ${formatNumber(SOURCE_LIMITS.items)} är tillåtet.`,
    fix: 'Dela upp innehållet på flera dokument eller bilagor.',
  }),
  en: ({ count }) => ({
    reason: `The file has ${count} items in its lists in all; at most ${SOURCE_LIMITS.items} are allowed.`,
    fix: 'Split the content over several documents or bilagor.',
  }),
});
const tooMuchText = defineRule<{ count: number }>('source/too-much-text', 'error', {
  sv: ({ count }) => ({
    reason: `Filen har ${formatNumber(count)} tecken text sammanlagt; högst ${formatNumber(SOURCE_LIMITS.characters)} är tillåtet.`,
    fix: 'Dela upp innehållet på flera dokument eller bilagor.',
  }),
  en: ({ count }) => ({
    reason: `The file has ${count} characters of text in all; at most ${SOURCE_LIMITS.characters} are allowed.`,
    fix: 'Split the content over several documents or bilagor.',
  }),
});
const tooDeep = defineRule<{ depth: number }>('source/too-deep', 'error', {
  sv: ({ depth }) => ({
    reason: `Innehållet här ligger ${depth} nivåer djupt; högst ${SOURCE_LIMITS.depth} nivåer är tillåtet (till exempel underpunkter i underpunkter).`,
    fix: 'Lyft ut de innersta nivåerna till egna punkter.',
  }),
  en: ({ depth }) => ({
    reason: `The content here lies ${depth} levels deep; at most ${SOURCE_LIMITS.depth} are allowed (sub-items within sub-items, say).`,
    fix: 'Move the innermost levels out into items of their own.',
  }),
});

/** Counts every list item and every character of text in the source, and its nesting; reports what passes the limits. */
export function checkSize(context: RuleContext): boolean {
  let items = 0;
  let characters = 0;
  let deepest: readonly PathSegment[] = [];
  const walk = (value: unknown, path: PathSegment[]) => {
    if (path.length > deepest.length) deepest = path;
    if (path.length > SOURCE_LIMITS.depth) return;
    if (typeof value === 'string') characters += value.length;
    else if (Array.isArray(value)) {
      items += value.length;
      value.forEach((item, i) => {
        walk(item, [...path, i]);
      });
    } else if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
  };
  walk(context.source.data, []);
  if (deepest.length > SOURCE_LIMITS.depth) report(context, deepest, tooDeep, { depth: deepest.length });
  if (items > SOURCE_LIMITS.items) report(context, [], tooManyItems, { count: items });
  if (characters > SOURCE_LIMITS.characters) report(context, [], tooMuchText, { count: characters });
  return deepest.length <= SOURCE_LIMITS.depth && items <= SOURCE_LIMITS.items && characters <= SOURCE_LIMITS.characters;
}
