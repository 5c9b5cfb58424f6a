import { daysBetween } from '../core/dates.ts';
import type { Item, ItemKind } from './items.ts';
import { compareText, diceOf, type TextChange, wordSet } from './words.ts';

/** How a change was found: the same id, or (across years, where ids differ) similar text, its place in the year, its place in the document, or its parts (a section renamed and reworked whose parts went to it). */
export type Pairing = 'id' | 'likhet' | 'datum' | 'plats' | 'innehall';

export type FieldChange =
  | { field: string; kind: 'text'; old: string; new: string; change: TextChange }
  | { field: string; kind: 'number'; old: number; new: number; difference: number; percent: number | null }
  | { field: string; kind: 'date'; old: string; new: string /** How much later in its year (earlier when negative): see shiftInYear. */; days: number };

/** One item that is not the same in both editions. */
export interface Change {
  status: 'tillagd' | 'borttagen' | 'andrad' | 'flyttad' | 'flyttad-och-andrad';
  kind: ItemKind;
  /** Keys in the old and the new edition. */
  old?: string;
  new?: string;
  label: string;
  pairing?: Pairing;
  /** For a pairing by similar text or by parts: how alike, 0 to 1 (the share of words, or of parts, in common). */
  likhet?: number;
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

/** Items grouped by a key, in their order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(item);
  }
  return groups;
}

/** Compares the items of two editions: matched by id, then by similar text or date; classified and described field by field. */
export function compareItems(oldItems: readonly Item[], newItems: readonly Item[]): Change[] {
  // How many years apart the editions are (2020 → 2023: 3; a draft and its decision: 0), from the years of their dates.
  const years = medianYear(newItems) - medianYear(oldItems);
  const pairs = matchItems(oldItems, newItems, years);
  const oldByKey = new Map(oldItems.map((i) => [i.key, i]));
  const newByKey = new Map(newItems.map((i) => [i.key, i]));
  const newOf = new Map([...pairs].map(([o, p]) => [o, p.key]));
  const moved = movedWithinParent(oldItems, newItems, newOf);
  const top = (item: Item, byKey: Map<string, Item>): string => {
    let at = item;
    while (at.parent && byKey.get(at.parent)) at = byKey.get(at.parent)!;
    // A removed item of a section that is still there is counted under that section's heading now.
    const now = byKey === oldByKey && newOf.get(at.key);
    return now ? newByKey.get(now)!.label : at.label;
  };
  const parentLabel = (item: Item, byKey: Map<string, Item>) => byKey.get(item.parent)?.label ?? '';
  const changes: Change[] = [];
  const oldKeys = new Set(pairs.keys());
  const oldOf = new Map([...pairs].map(([o, p]) => [p.key, { oldKey: o, pair: p }]));
  const newKeys = new Set(oldOf.keys());
  // Removed items in old order first, then everything in new order: a reader follows the new document.
  // An item added or removed says its numbers (a budget line its amount), so that totals can be reconciled.
  const numbersOf = (item: Item, added: boolean): FieldChange[] =>
    Object.entries(item.numbers).map(([field, n]) => ({
      field,
      kind: 'number',
      old: added ? 0 : n,
      new: added ? n : 0,
      difference: added ? n : -n,
      percent: added ? null : -100,
    }));
  for (const item of oldItems) {
    if (!oldKeys.has(item.key)) {
      changes.push({ status: 'borttagen', kind: item.kind, old: item.key, label: item.label, section: top(item, oldByKey), fields: numbersOf(item, false) });
    }
  }
  for (const item of newItems) {
    if (!newKeys.has(item.key)) {
      changes.push({ status: 'tillagd', kind: item.kind, new: item.key, label: item.label, section: top(item, newByKey), fields: numbersOf(item, true) });
      continue;
    }
    const { oldKey, pair } = oldOf.get(item.key)!;
    const before = oldByKey.get(oldKey)!;
    const fields = compareFields(before, item, years);
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
      ...(pair.score !== undefined && (pair.how === 'likhet' || pair.how === 'innehall') && { likhet: Math.round(pair.score * 100) / 100 }),
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

/**
 * Pairs old items with new ones: same key; else, within a kind, the most
 * similar text (meetings by nearest date). Similar texts are found without
 * comparing every pair: each item's words are read once, and only items that
 * share one of their rarest words are compared (prefix filtering; exact for
 * the threshold, since two word sets that similar must share one of those).
 */
function matchItems(oldItems: readonly Item[], newItems: readonly Item[], years: number): Map<string, { key: string; how: Pairing; score?: number }> {
  const pairs = new Map<string, { key: string; how: Pairing; score?: number }>();
  const newKeys = new Set(newItems.map((i) => i.key));
  for (const item of oldItems) if (newKeys.has(item.key)) pairs.set(item.key, { key: item.key, how: 'id' });
  const left = () => {
    const taken = new Set([...pairs.values()].map((p) => p.key));
    return [oldItems.filter((i) => !pairs.has(i.key)), newItems.filter((i) => !taken.has(i.key))] as const;
  };
  const take = (candidates: Candidate[]) => {
    const usedOld = new Set<string>();
    const usedNew = new Set<string>();
    for (const c of candidates.sort((a, b) => b.score - a.score)) {
      if (usedOld.has(c.old.key) || usedNew.has(c.new.key)) continue;
      usedOld.add(c.old.key);
      usedNew.add(c.new.key);
      pairs.set(c.old.key, { key: c.new.key, how: c.how, score: c.score });
    }
  };
  take(similarCandidates(...left()));
  take(similarTitles(...left()));
  take(sameParts(...left(), pairs, oldItems, newItems));
  take(soleCalendars(...left(), pairs));
  // Meetings last: they pair within calendars already paired.
  take(meetingCandidates(...left(), pairs, years));
  return pairs;
}

/** Bilagor are known by their titles: a new edition of a programme keeps most of its title's words ("Södertörns utvecklingsprogram 2035" → "… 2023–2026, SUP 2040") while its text is rewritten. */
const TITLE_THRESHOLD = 0.4;

function similarTitles(leftOld: readonly Item[], leftNew: readonly Item[]): Candidate[] {
  const bilagor = (items: readonly Item[]) => items.filter((i) => i.kind === 'bilaga').map((item) => ({ item, words: wordSet(item.label) }));
  const news = bilagor(leftNew);
  return bilagor(leftOld).flatMap((o) =>
    news.flatMap((n) => {
      const score = diceOf(o.words, n.words);
      return score >= TITLE_THRESHOLD ? [{ old: o.item, new: n.item, score, how: 'likhet' as const }] : [];
    }),
  );
}

/**
 * An item renamed and reworked beyond similar text is still the same when
 * most of its parts went to one item of its kind on the other side (2020's
 * "Arbetsformer", whose chairs are in 2023's "Organisation").
 */
function sameParts(
  leftOld: readonly Item[],
  leftNew: readonly Item[],
  pairs: ReadonlyMap<string, { key: string }>,
  oldItems: readonly Item[],
  newItems: readonly Item[],
): Candidate[] {
  const partsOf = groupBy(oldItems, (item) => item.parent);
  const parentOf = new Map(newItems.map((i) => [i.key, i.parent]));
  const open = new Map(leftNew.map((i) => [i.key, i]));
  return leftOld.flatMap((o) => {
    const parts = partsOf.get(o.key) ?? [];
    const count = new Map<string, number>();
    for (const part of parts) {
      const there = pairs.get(part.key) && parentOf.get(pairs.get(part.key)!.key);
      if (there && open.get(there)?.kind === o.kind) count.set(there, (count.get(there) ?? 0) + 1);
    }
    const [best, n] = [...count].sort((a, b) => b[1] - a[1])[0] ?? [];
    return best && n! * 2 > parts.length ? [{ old: o, new: open.get(best)!, score: n! / parts.length, how: 'innehall' as const }] : [];
  });
}

/** A calendar that is the only one left unpaired under the same (paired) heading on both sides is the same calendar renamed. */
function soleCalendars(leftOld: readonly Item[], leftNew: readonly Item[], pairs: ReadonlyMap<string, { key: string }>): Candidate[] {
  const calendars = (items: readonly Item[], parentOf: (item: Item) => string) =>
    groupBy(
      items.filter((i) => i.kind === 'kalendarium'),
      parentOf,
    );
  const news = calendars(leftNew, (i) => i.parent);
  return [...calendars(leftOld, (i) => pairs.get(i.parent)?.key ?? i.parent)].flatMap(([parent, olds]) => {
    const there = news.get(parent);
    return olds.length === 1 && there?.length === 1 ? [{ old: olds[0]!, new: there[0]!, score: 1, how: 'plats' as const }] : [];
  });
}

interface Candidate {
  old: Item;
  new: Item;
  score: number;
  how: Pairing;
}

/**
 * Meetings of one calendar, paired by their place in the year: the old and
 * the new meetings each in date order, aligned so that the sum of how far
 * paired meetings moved within their year (their day of the year, so that
 * 2 April 2020 and 16 March 2023 are 17 days apart) plus a cost for each
 * meeting left unpaired is least. A meeting never pairs across another;
 * one that moved further than twice that cost is cancelled and added.
 * A calendar with one meeting on each side pairs them, however far apart.
 */
function meetingCandidates(leftOld: readonly Item[], leftNew: readonly Item[], pairs: ReadonlyMap<string, { key: string }>, years: number): Candidate[] {
  const byCalendar = (items: readonly Item[], calendarOf: (item: Item) => string) =>
    groupBy(
      items.filter((i) => i.kind === 'mote' && i.date),
      calendarOf,
    );
  const newByCalendar = byCalendar(leftNew, (i) => i.parent);
  const oldByCalendar = byCalendar(leftOld, (i) => pairs.get(i.parent)?.key ?? i.parent);
  const candidates: Candidate[] = [];
  for (const [calendar, olds] of oldByCalendar) {
    const news = newByCalendar.get(calendar);
    if (!news) continue;
    const byDate = (a: Item, b: Item) => (a.date! < b.date! ? -1 : 1);
    olds.sort(byDate);
    news.sort(byDate);
    for (const [o, n] of alignMeetings(olds, news, years)) {
      candidates.push({ old: o, new: n, score: 3 - Math.min(1, Math.abs(shiftInYear(o.date!, n.date!, years)) / 365), how: 'datum' });
    }
  }
  return candidates;
}

/** The cost of a meeting left unpaired, in days moved: a move of more than twice this is a cancellation and an addition. */
const UNPAIRED_COST = MAX_MOVE_DAYS;

function alignMeetings(olds: readonly Item[], news: readonly Item[], years: number): Array<[Item, Item]> {
  // A calendar of one event a year (a conference) keeps it, however far it moved.
  if (olds.length === 1 && news.length === 1) return [[olds[0]!, news[0]!]];
  // cost[i][j]: the least cost of aligning the first i old meetings with the first j new ones.
  const cost = Array.from({ length: olds.length + 1 }, (_, i) => Array.from({ length: news.length + 1 }, (_, j) => (i + j) * UNPAIRED_COST));
  for (let i = 1; i <= olds.length; i++) {
    for (let j = 1; j <= news.length; j++) {
      const paired = cost[i - 1]![j - 1]! + pairCost(olds[i - 1]!, news[j - 1]!, years);
      cost[i]![j] = Math.min(paired, cost[i - 1]![j]! + UNPAIRED_COST, cost[i]![j - 1]! + UNPAIRED_COST);
    }
  }
  const aligned: Array<[Item, Item]> = [];
  for (let i = olds.length, j = news.length; i > 0 && j > 0; ) {
    if (cost[i]![j] === cost[i - 1]![j - 1]! + pairCost(olds[i - 1]!, news[j - 1]!, years)) {
      aligned.unshift([olds[i - 1]!, news[j - 1]!]);
      i--;
      j--;
    } else if (cost[i]![j] === cost[i - 1]![j]! + UNPAIRED_COST) i--;
    else j--;
  }
  return aligned;
}

/** The cost of taking two meetings for one: how far it moved in the year, and as much again as leaving one unpaired when one was cancelled and the other held (a cancelled meeting is rather dropped than moved). */
function pairCost(o: Item, n: Item, years: number): number {
  return Math.abs(shiftInYear(o.date!, n.date!, years)) + (Boolean(o.text.installt) !== Boolean(n.text.installt) ? UNPAIRED_COST : 0);
}

/**
 * How many days later in its year a date falls than another in its own, the
 * editions being `years` apart: 2020-04-02 → 2023-03-16 is −17 (16 March is
 * 17 days before 2 April); within one year (0), the days between them, across
 * New Year too (2023-12-28 → 2024-01-04 is +7).
 */
export function shiftInYear(from: string, to: string, years: number): number {
  return daysBetween(sameDayIn(from, Number(from.slice(0, 4)) + years), to);
}

/** The median year of the dated items (meetings): the year an edition is about. */
function medianYear(items: readonly Item[]): number {
  const years = items.flatMap((i) => (i.date ? [Number(i.date.slice(0, 4))] : [])).sort((a, b) => a - b);
  return years.length > 0 ? years[Math.floor(years.length / 2)]! : 0;
}

/** The same month and day in another year (29 February as the 28th). */
function sameDayIn(date: string, year: number): string {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDay = date.slice(5) === '02-29' && !leap ? '02-28' : date.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

/** Items of one kind (meetings aside) whose words are at least SIMILARITY_THRESHOLD alike. */
function similarCandidates(leftOld: readonly Item[], leftNew: readonly Item[]): Candidate[] {
  const t = SIMILARITY_THRESHOLD;
  const words = (items: readonly Item[]) => items.filter((i) => !byIdOnly.has(i.kind)).map((item) => ({ item, words: wordSet(describe(item)) }));
  const olds = words(leftOld);
  const news = words(leftNew);
  // Rarest first: a word few items have narrows the search most.
  const frequency = new Map<string, number>();
  for (const { words: w } of [...olds, ...news]) for (const word of w) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const prefix = (w: ReadonlySet<string>) => {
    // Dice ≥ t needs an overlap of at least t·|x|/(2−t) words; any |x| − that + 1 of x's words include one of them.
    const needed = Math.ceil((t * w.size) / (2 - t));
    return [...w].sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1)).slice(0, Math.max(1, w.size - needed + 1));
  };
  const index = groupBy(
    news.flatMap((entry) => prefix(entry.words).map((word) => ({ key: `${family(entry.item.kind)} ${word}`, entry }))),
    (e) => e.key,
  );
  const candidates: Candidate[] = [];
  for (const o of olds) {
    const seen = new Set<(typeof news)[number]>();
    // Items without words (an empty heading) are alike only to each other.
    const probes = o.words.size === 0 ? news.filter((n) => n.words.size === 0 && family(n.item.kind) === family(o.item.kind)) : [];
    for (const word of prefix(o.words)) for (const { entry } of index.get(`${family(o.item.kind)} ${word}`) ?? []) probes.push(entry);
    for (const n of probes) {
      if (seen.has(n)) continue;
      seen.add(n);
      const score = diceOf(o.words, n.words);
      if (score >= t) candidates.push({ old: o.item, new: n.item, score, how: 'likhet' });
    }
  }
  return candidates;
}

/**
 * Kinds that are who or what they are, not what they say: an attendee, a
 * body's chair, a field of a letterhead. Two of them are never the same
 * because their text is alike (another person with the same role); they
 * pair by id only. Meetings pair by date instead.
 */
const byIdOnly = new Set<ItemKind>(['mote', 'deltagare', 'roll', 'falt', 'andel']);

/** Kinds that are the same thing in two forms: an action plan's row and an activity (a row carried into next year's activities). */
function family(kind: ItemKind): ItemKind {
  return kind === 'handlingsplanrad' ? 'aktivitet' : kind;
}

function describe(item: Item): string {
  return [item.label, ...Object.values(item.text)].join(' ');
}

/** Items whose order among their matched siblings changed: those outside the longest common order. */
function movedWithinParent(oldItems: readonly Item[], newItems: readonly Item[], newOf: Map<string, string>): Set<string> {
  const moved = new Set<string>();
  const newIndex = new Map(newItems.map((i, n) => [i.key, n]));
  const newParent = new Map(newItems.map((i) => [i.key, i.parent]));
  const byParent = new Map<string, Item[]>();
  for (const item of oldItems) {
    const target = newOf.get(item.key);
    if (!target) continue;
    const parentNow = newOf.get(item.parent) ?? item.parent;
    if (newParent.get(target) !== parentNow) continue;
    if (!byParent.has(item.parent)) byParent.set(item.parent, []);
    byParent.get(item.parent)!.push(item);
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

/** The indices of a longest increasing run of `values` (patience sorting: n log n). */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest last value of an increasing run of length k + 1
  const previous: number[] = [];
  values.forEach((v, i) => {
    let [low, high] = [0, tails.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < v) low = middle + 1;
      else high = middle;
    }
    previous[i] = low > 0 ? tails[low - 1]! : -1;
    tails[low] = i;
  });
  const keep = new Set<number>();
  for (let at = tails.at(-1) ?? -1; at >= 0; at = previous[at]!) keep.add(at);
  return keep;
}

function compareFields(before: Item, after: Item, years: number): FieldChange[] {
  const fields: FieldChange[] = [];
  if (before.date && after.date && before.date !== after.date) {
    fields.push({ field: 'datum', kind: 'date', old: before.date, new: after.date, days: shiftInYear(before.date, after.date, years) });
  }
  // A number on one side only is one still to be filled in on the other (and what is computed from it): not compared until it is there.
  for (const field of Object.keys(before.numbers).filter((f) => f in after.numbers)) {
    const old = before.numbers[field]!;
    const next = after.numbers[field]!;
    if (old !== next) {
      fields.push({ field, kind: 'number', old, new: next, difference: next - old, percent: old === 0 ? null : Math.round(((next - old) / old) * 1000) / 10 });
    }
  }
  // A budget balanced on both sides moved its two sums alike: one figure, said once.
  const income = fields.findIndex((f) => f.field === 'summa_intakter');
  const costs = fields.findIndex((f) => f.field === 'summa_kostnader');
  if (income >= 0 && costs >= 0 && fields[income]!.old === fields[costs]!.old && fields[income]!.new === fields[costs]!.new) {
    fields.splice(costs, 1);
    fields[income] = { ...fields[income]!, field: 'summa' };
  }
  for (const field of new Set([...Object.keys(before.text), ...Object.keys(after.text)])) {
    const old = before.text[field] ?? '';
    const next = after.text[field] ?? '';
    if (old !== next) fields.push({ field, kind: 'text', old, new: next, change: compareText(old, next) });
  }
  return fields;
}
