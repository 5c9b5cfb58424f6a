import { daysBetween } from '../core/dates.ts';
import type { Item, ItemKind } from './items.ts';
import { compareText, similarity, type TextChange } from './words.ts';

/** How a change was found: the same id, or (across years, where ids differ) similar text or a nearby date. */
export type Pairing = 'id' | 'likhet' | 'datum';

export type FieldChange =
  | { field: string; kind: 'text'; old: string; new: string; change: TextChange }
  | { field: string; kind: 'number'; old: number; new: number; difference: number; percent: number | null }
  | { field: string; kind: 'date'; old: string; new: string; days: number };

/** One item that is not the same in both editions. */
export interface Change {
  status: 'tillagd' | 'borttagen' | 'andrad' | 'flyttad' | 'flyttad-och-andrad';
  kind: ItemKind;
  /** Keys in the old and the new edition. */
  old?: string;
  new?: string;
  label: string;
  pairing?: Pairing;
  /** Where the item stands: the top-level section or bilaga, in the new edition when it is there. */
  section: string;
  from?: string;
  to?: string;
  fields: FieldChange[];
  /** For an added or removed item: how many items inside it were added or removed with it (not listed one by one). */
  contains?: number;
}

/** Above this similarity, two items with different ids are taken to be the same item. */
export const SIMILARITY_THRESHOLD = 0.5;
/** Meetings this many days apart or fewer may be the same meeting moved. */
const MAX_MOVE_DAYS = 45;

/** Compares the items of two editions: matched by id, then by similar text or date; classified and described field by field. */
export function compareItems(oldItems: readonly Item[], newItems: readonly Item[]): Change[] {
  const pairs = matchItems(oldItems, newItems);
  const oldByKey = new Map(oldItems.map((i) => [i.key, i]));
  const newByKey = new Map(newItems.map((i) => [i.key, i]));
  const newOf = new Map([...pairs].map(([o, p]) => [o, p.key]));
  const moved = movedWithinParent(oldItems, newItems, newOf);
  const top = (item: Item, byKey: Map<string, Item>): string => {
    let at = item;
    while (at.parent && byKey.get(at.parent)) at = byKey.get(at.parent)!;
    return at.label;
  };
  const parentLabel = (item: Item, byKey: Map<string, Item>) => byKey.get(item.parent)?.label ?? '';
  const changes: Change[] = [];
  const oldKeys = new Set(pairs.keys());
  const newKeys = new Set([...pairs.values()].map((p) => p.key));
  // Removed items in old order first, then everything in new order: a reader follows the new document.
  for (const item of oldItems) {
    if (!oldKeys.has(item.key)) {
      changes.push({ status: 'borttagen', kind: item.kind, old: item.key, label: item.label, section: top(item, oldByKey), fields: [] });
    }
  }
  for (const item of newItems) {
    if (!newKeys.has(item.key)) {
      changes.push({ status: 'tillagd', kind: item.kind, new: item.key, label: item.label, section: top(item, newByKey), fields: [] });
      continue;
    }
    const [oldKey, pair] = [...pairs].find(([, p]) => p.key === item.key)!;
    const before = oldByKey.get(oldKey)!;
    const fields = compareFields(before, item);
    const parentMoved = (newOf.get(before.parent) ?? before.parent) !== item.parent;
    const isMoved = parentMoved || moved.has(oldKey);
    if (fields.length === 0 && !isMoved) continue;
    changes.push({
      status: isMoved ? (fields.length > 0 ? 'flyttad-och-andrad' : 'flyttad') : 'andrad',
      kind: item.kind,
      old: oldKey,
      new: item.key,
      label: item.label,
      pairing: pair.how,
      section: top(item, newByKey),
      ...(parentMoved && { from: parentLabel(before, oldByKey), to: parentLabel(item, newByKey) }),
      fields,
    });
  }
  return collapseContents(changes, oldByKey, newByKey);
}

/** An item added or removed with its parent is counted on the parent instead of being listed on its own. */
function collapseContents(changes: Change[], oldByKey: Map<string, Item>, newByKey: Map<string, Item>): Change[] {
  const whole = new Map<string, Change>();
  for (const c of changes) {
    if (c.status === 'tillagd') whole.set(`new:${c.new}`, c);
    if (c.status === 'borttagen') whole.set(`old:${c.old}`, c);
  }
  const container = (c: Change): Change | undefined => {
    const [side, byKey] = c.status === 'tillagd' ? (['new', newByKey] as const) : (['old', oldByKey] as const);
    let parent = byKey.get((c.new ?? c.old)!)?.parent;
    let found: Change | undefined;
    while (parent) {
      found = whole.get(`${side}:${parent}`) ?? found;
      parent = byKey.get(parent)?.parent;
    }
    return found;
  };
  return changes.filter((c) => {
    if (c.status !== 'tillagd' && c.status !== 'borttagen') return true;
    const outer = container(c);
    if (outer) outer.contains = (outer.contains ?? 0) + 1;
    return !outer;
  });
}

/** Pairs old items with new ones: same key; else, within a kind, the most similar text; meetings by nearest date. */
function matchItems(oldItems: readonly Item[], newItems: readonly Item[]): Map<string, { key: string; how: Pairing }> {
  const pairs = new Map<string, { key: string; how: Pairing }>();
  const newKeys = new Set(newItems.map((i) => i.key));
  for (const item of oldItems) if (newKeys.has(item.key)) pairs.set(item.key, { key: item.key, how: 'id' });
  const taken = new Set([...pairs.values()].map((p) => p.key));
  const leftOld = oldItems.filter((i) => !pairs.has(i.key));
  const leftNew = newItems.filter((i) => !taken.has(i.key));
  const candidates = leftOld.flatMap((o) =>
    leftNew.flatMap((n) => {
      const found = pairing(o, n, pairs);
      return found ? [{ old: o, new: n, ...found }] : [];
    }),
  );
  candidates.sort((a, b) => b.score - a.score);
  const usedOld = new Set<string>();
  const usedNew = new Set<string>();
  for (const c of candidates) {
    if (usedOld.has(c.old.key) || usedNew.has(c.new.key)) continue;
    usedOld.add(c.old.key);
    usedNew.add(c.new.key);
    pairs.set(c.old.key, { key: c.new.key, how: c.how });
  }
  return pairs;
}

/** How well an old item and a new one pair, and by what; none when they do not. Meetings pair by date within one calendar. */
function pairing(o: Item, n: Item, pairs: ReadonlyMap<string, { key: string }>): { score: number; how: Pairing } | undefined {
  if (o.kind !== n.kind) return undefined;
  if (o.kind === 'mote' && o.date && n.date) {
    const days = Math.abs(daysBetween(o.date, n.date));
    const sameCalendar = (pairs.get(o.parent)?.key ?? o.parent) === n.parent;
    return sameCalendar && days <= MAX_MOVE_DAYS ? { score: 2 - days / MAX_MOVE_DAYS, how: 'datum' } : undefined;
  }
  const score = similarity(describe(o), describe(n));
  return score >= SIMILARITY_THRESHOLD ? { score, how: 'likhet' } : undefined;
}

function describe(item: Item): string {
  return [item.label, ...Object.values(item.text)].join(' ');
}

/** Items whose order among their matched siblings changed: those outside the longest common order. */
function movedWithinParent(oldItems: readonly Item[], newItems: readonly Item[], newOf: Map<string, string>): Set<string> {
  const moved = new Set<string>();
  const newIndex = new Map(newItems.map((i, n) => [i.key, n]));
  const byParent = new Map<string, Item[]>();
  for (const item of oldItems) {
    const target = newOf.get(item.key);
    if (!target) continue;
    const parentNow = newOf.get(item.parent) ?? item.parent;
    if (newItems.find((i) => i.key === target)?.parent !== parentNow) continue;
    byParent.set(item.parent, [...(byParent.get(item.parent) ?? []), item]);
  }
  for (const siblings of byParent.values()) {
    const order = siblings.map((s) => newIndex.get(newOf.get(s.key)!)!);
    const keep = longestIncreasing(order);
    siblings.forEach((s, i) => {
      if (!keep.has(i)) moved.add(s.key);
    });
  }
  return moved;
}

function longestIncreasing(values: number[]): Set<number> {
  const length: number[] = [];
  const previous: number[] = [];
  values.forEach((v, i) => {
    length[i] = 1;
    previous[i] = -1;
    for (let j = 0; j < i; j++) {
      if (values[j]! < v && length[j]! + 1 > length[i]!) {
        length[i] = length[j]! + 1;
        previous[i] = j;
      }
    }
  });
  let end = length.indexOf(Math.max(0, ...length));
  const keep = new Set<number>();
  while (end >= 0) {
    keep.add(end);
    end = previous[end]!;
  }
  return keep;
}

function compareFields(before: Item, after: Item): FieldChange[] {
  const fields: FieldChange[] = [];
  if (before.date && after.date && before.date !== after.date) {
    fields.push({ field: 'datum', kind: 'date', old: before.date, new: after.date, days: daysBetween(before.date, after.date) });
  }
  for (const field of new Set([...Object.keys(before.numbers), ...Object.keys(after.numbers)])) {
    const old = before.numbers[field] ?? 0;
    const next = after.numbers[field] ?? 0;
    if (old !== next) {
      fields.push({ field, kind: 'number', old, new: next, difference: next - old, percent: old === 0 ? null : Math.round(((next - old) / old) * 1000) / 10 });
    }
  }
  for (const field of new Set([...Object.keys(before.text), ...Object.keys(after.text)])) {
    const old = before.text[field] ?? '';
    const next = after.text[field] ?? '';
    if (old !== next) fields.push({ field, kind: 'text', old, new: next, change: compareText(old, next) });
  }
  return fields;
}
