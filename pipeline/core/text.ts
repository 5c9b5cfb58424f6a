/**
 * Text from sources is data. Before it is printed it loses what no document
 * should carry; where it goes into a context with rules of its own (a CSS
 * string, a terminal) it is escaped for that context. (HTML is escaped where
 * it is written: `render/inline.ts` and Handlebars.)
 */

/**
 * Characters no printed text keeps: control characters other than tab and
 * line feed (C0, DEL, C1: a terminal's escape sequences start with them), and
 * the invisible marks that reorder how text is shown (bidirectional
 * embeddings, overrides and isolates, which can make "fdp.exe" read "exe.pdf").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text without control characters and bidirectional controls. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '');
}

/**
 * Straight quotes as Swedish typesetting prints them: ”…” (the same mark on
 * both sides) and ’ for an apostrophe or a quotation in single quotes. Done
 * where text is rendered, never in the view: a final edition's identity is
 * its view, and a source with straight quotes still says the same thing.
 */
export function typographic(text: string): string {
  return text.replaceAll('"', '\u201d').replaceAll("'", '\u2019');
}

/** Every string inside a value made printable (a view model, before it is rendered). */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, printableDeep(v)])) as T;
  }
  return value;
}

/**
 * Text for a CSS string (`content: "…"`): quoted, with everything that could
 * end the string or the style element (quotes, backslash, `<`, `>`, `&`,
 * line breaks) written as a CSS escape, so no text can break out of it.
 */
export function cssString(text: string): string {
  const escaped = printable(text).replace(/[\\"'<>&\n\r\t]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
  return `"${escaped}"`;
}

/** What a terminal must not be sent raw: control characters (ANSI and OSC sequences start with them), bidirectional controls, zero-width characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** Text for a terminal: every control, bidirectional and zero-width character shown as `\u{…}` instead of acting. */
export function forTerminal(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** The letters and digits of `text` as words, lower case and without diacritics ("Ebba Östlin" → ["ebba", "ostlin"]): for ids and tags. */
export function plainWords(text: string): string[] {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  );
}
