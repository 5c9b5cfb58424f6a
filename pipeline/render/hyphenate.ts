import sv from 'hyphen/sv/index.js';

/** The soft hyphen: an invisible break opportunity; Chromium shows a hyphen only where it breaks a line there. */
export const SOFT_HYPHEN = '\u00ad';

/** Words shorter than this are never broken; a break leaves at least two letters on either side. */
const MIN_WORD = 8;
const MIN_SIDE = 2;

/**
 * A chunk of text between spaces that is left whole: it has a digit (numbers,
 * dates, diarienummer, "SUP 2040"), an @ (addresses), a slash or a colon
 * followed by letters (web addresses, paths), "www." or a soft hyphen already.
 */
const WHOLE = /[\d@\u00ad]|www\.|:\/\/|\/\p{L}/iu;

/** A word's letters; a word with a capital after its first letter (SUP, SNUG, YH, DiVA) is an abbreviation or a name, left whole. */
const WORD = /\p{L}+/gu;
const ABBREVIATION = /^\p{L}+?\p{Lu}/u;

/** Every distinct word is hyphenated once per process: a plan has a few thousand words, a few hundred distinct. */
const cache = new Map<string, string>();
/**
 * And every distinct text: a document is rendered again for each pass over
 * its table of contents, and sixteen letters share most of their text.
 * Emptied when full, so that a long `watch` session does not grow it without end.
 */
const texts = new Map<string, string>();
const MAX_TEXTS = 20_000;

/** A word with soft hyphens where Swedish hyphenation (the TeX patterns of the `hyphen` package) allows a break. */
export function hyphenateWord(word: string): string {
  let hyphenated = cache.get(word);
  if (hyphenated === undefined) {
    hyphenated = word.length < MIN_WORD || ABBREVIATION.test(word) ? word : withinSides(sv.hyphenateSync(word, { minWordLength: MIN_WORD }));
    cache.set(word, hyphenated);
  }
  return hyphenated;
}

/**
 * Drops the breaks that would leave fewer than MIN_SIDE letters on a side,
 * and every break after an f: Source Sans 3 joins f with the next letter
 * (ff, fi, fl, ft), and Chromium forms that ligature across a soft hyphen,
 * writing a glyph whose text is only in the tag's ActualText; pdf.js, search
 * and copying read "e\0ektiv" for "effektiv".
 */
function withinSides(hyphenated: string): string {
  const parts = hyphenated.split(SOFT_HYPHEN);
  while (parts.length > 1 && parts[0]!.length < MIN_SIDE) parts.splice(0, 2, parts[0]! + parts[1]!);
  while (parts.length > 1 && parts.at(-1)!.length < MIN_SIDE) parts.splice(-2, 2, parts.at(-2)! + parts.at(-1)!);
  return parts.reduce((text, part) => text + (/f$/i.test(text) ? '' : SOFT_HYPHEN) + part);
}

/**
 * Plain text (not HTML) with soft hyphens in its longer Swedish words, so that
 * a narrow column can break "Kommunikations-nätverket" instead of letting it
 * run into the next one. Numbers, addresses and abbreviations stay whole.
 */
export function hyphenate(text: string): string {
  let hyphenated = texts.get(text);
  if (hyphenated === undefined) {
    hyphenated = text.replace(/\S+/g, (chunk) => (WHOLE.test(chunk) ? chunk : chunk.replace(WORD, hyphenateWord)));
    if (texts.size >= MAX_TEXTS) texts.clear();
    texts.set(text, hyphenated);
  }
  return hyphenated;
}
