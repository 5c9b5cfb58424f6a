import { isFillIn } from './model.ts';
import type { Inline } from './view.ts';

/** The placeholders an ärende's text may use; each municipality's letter fills them in. */
export const placeholderNames = [
  'titel',
  'program',
  'kortnamn',
  'period',
  'tidigare_beslut',
  'forvaltning',
  'mottagare',
  'beslutande',
  'kommun',
  'kommuns',
  'avgift',
  'invanare',
] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

const pattern = /\{([a-z_]+)\}/g;

/** Names of the placeholders used in a text, known or not. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1]!);
}

/** Replaces `{name}` with its value; a value may itself be a field still to be filled in. */
export function fillPlaceholders(text: string, values: Readonly<Partial<Record<PlaceholderName, Inline>>>): Inline {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const name = match[1] as PlaceholderName;
    if (values[name] === undefined) continue;
    parts.push(text.slice(last, match.index));
    parts.push(values[name]!);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  const nonEmpty = parts.filter((p) => p !== '');
  return nonEmpty.length === 1 ? nonEmpty[0]! : nonEmpty;
}

/** Printable text as plain text, for a bookmark or a stamp: a field to fill in shows as its hint in brackets. */
export function inlineText(inline: Inline): string {
  if (Array.isArray(inline)) return inline.map(inlineText).join('');
  return isFillIn(inline) ? `[${inline.ifylles}]` : inline;
}
