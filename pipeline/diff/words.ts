import { diffWords } from 'diff';

/** A run of a text comparison: unchanged, inserted or deleted. */
export interface Run {
  type: 'same' | 'added' | 'removed';
  text: string;
}

/** A changed text: word by word, or (when too different to read as a redline) whole old against whole new. */
export type TextChange = { runs: Run[] } | { whole: { old: string; new: string } };

const segmenter = new Intl.Segmenter('sv', { granularity: 'word' });

/** Above this share of changed words, a redline is harder to read than the two texts. */
const MAX_CHANGED = 0.6;
/** Unchanged runs of fewer words than this, between two changes, are folded into the change. */
const MIN_KEPT_WORDS = 3;
/** jsdiff's limits: large or pathological texts fall back to whole-text replacement. */
const LIMITS = { maxEditLength: 2000, timeout: 200 };

/** Compares two texts word by word (Swedish word boundaries), merging short unchanged runs so the result reads well. */
export function compareText(old: string, next: string): TextChange {
  const changes = old.length + next.length > 200_000 ? undefined : diffWords(old, next, { intlSegmenter: segmenter, ...LIMITS });
  if (!changes) return { whole: { old, new: next } };
  let runs: Run[] = changes.map((c) => ({ type: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
  runs = foldShortRuns(runs);
  const words = (type: Run['type']) => runs.filter((r) => r.type === type).reduce((n, r) => n + wordCount(r.text), 0);
  const changed = Math.max(words('added'), words('removed'));
  const total = Math.max(wordCount(old), wordCount(next), 1);
  return changed / total > MAX_CHANGED ? { whole: { old, new: next } } : { runs };
}

function foldShortRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  runs.forEach((run, i) => {
    const between = i > 0 && i < runs.length - 1 && runs[i - 1]!.type !== 'same' && runs[i + 1]!.type !== 'same';
    if (run.type === 'same' && between && wordCount(run.text) < MIN_KEPT_WORDS && /\S/.test(run.text)) {
      out.push({ type: 'removed', text: run.text }, { type: 'added', text: run.text });
    } else {
      out.push(run);
    }
  });
  // Join neighbours of the same kind, deletions before insertions.
  const merged: Run[] = [];
  let pending: { removed: string; added: string } | undefined;
  for (const run of out) {
    if (run.type === 'same') {
      if (pending) merged.push(...flush(pending));
      pending = undefined;
      merged.push(run);
    } else {
      pending ??= { removed: '', added: '' };
      pending[run.type] += run.text;
    }
  }
  if (pending) merged.push(...flush(pending));
  return merged;
}

function flush(pending: { removed: string; added: string }): Run[] {
  return [
    ...(pending.removed ? [{ type: 'removed' as const, text: pending.removed }] : []),
    ...(pending.added ? [{ type: 'added' as const, text: pending.added }] : []),
  ];
}

function wordCount(text: string): number {
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).length;
}

/** Similarity of two texts, 0 to 1: the Dice coefficient of their sets of words. */
export function similarity(a: string, b: string): number {
  return diceOf(wordSet(a), wordSet(b));
}

/** The words of a text, lower-cased, each once. */
export function wordSet(text: string): Set<string> {
  return new Set([...segmenter.segment(text.toLowerCase())].filter((s) => s.isWordLike).map((s) => s.segment));
}

/** The Dice coefficient of two sets of words: shared words over their mean size (1 for two empty sets). */
export function diceOf(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return (2 * shared) / (x.size + y.size);
}
