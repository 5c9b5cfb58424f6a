import type { PDFDocument } from 'pdf-lib';
import { contentBytes } from '../core/pdf.ts';
import { replaceContent } from './content.ts';

/** An operator of up to three characters as a number (see `operatorAt`). */
const op = (name: string) => [...name].reduce((code, c, i) => code | (c.charCodeAt(0) << (8 * i)), name.length << 24);
const [BDC, BMC, EMC, BT, ET, DO] = ['BDC', 'BMC', 'EMC', 'BT', 'ET', 'Do'].map(op);
const PAINT = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'n'].map(op));
const PATH = new Set(['m', 're', 'l', 'c', 'v', 'y', 'h'].map(op));
const OPEN = Buffer.from('/Artifact BMC\n');
const CLOSE = Buffer.from('EMC\n');
const LAST_CLOSE = Buffer.from('\nEMC');

/**
 * Wraps everything Chromium draws outside the structure tree (the `@page`
 * margin boxes: running headers, page numbers, the UTKAST mark; and
 * decorative rules) in `/Artifact BMC … EMC`, so that assistive technology
 * skips it, as PDF/UA requires. Content that is already marked is untouched.
 * Chromium writes one operator per line, and a page's content runs to
 * hundreds of kilobytes: the bytes are read line by line as they are, and
 * the marks spliced in between.
 */
export function markArtifactsInContent(content: Uint8Array): Buffer {
  const parts: Uint8Array[] = [];
  let copied = 0;
  const insert = (at: number, mark: Buffer) => {
    parts.push(content.subarray(copied, at), mark);
    copied = at;
  };
  // After the line that ends at `end`: before the next line, or after a last line, which has no line break.
  const insertAfter = (end: number) => {
    if (end < content.length) return insert(end + 1, CLOSE);
    parts.push(content.subarray(copied), LAST_CLOSE);
    copied = end;
  };
  let depth = 0;
  let open = false;
  for (let start = 0, end = 0; start <= content.length; start = end + 1) {
    end = content.indexOf(10, start);
    if (end < 0) end = content.length;
    const operator = operatorAt(content, start, end);
    if (operator === BDC || operator === BMC) {
      if (open) insert(start, CLOSE);
      open = false;
      depth++;
    }
    if (depth === 0 && !open && operator === DO) {
      insert(start, OPEN);
      insertAfter(end);
      continue;
    }
    if (depth === 0 && !open && (operator === BT || PATH.has(operator))) {
      insert(start, OPEN);
      open = true;
    }
    if (operator === EMC) depth--;
    if (open && (operator === ET || PAINT.has(operator))) {
      insertAfter(end);
      open = false;
    }
  }
  if (open) insertAfter(content.length);
  parts.push(content.subarray(copied));
  return Buffer.concat(parts);
}

/** The operator the line content[start, end) ends with ("Tj" of "<0007> Tj") as a number; 0 when it ends with an operand or is longer than three characters. */
function operatorAt(content: Uint8Array, start: number, end: number): number {
  while (end > start && content[end - 1]! <= 32) end--;
  let code = 0;
  let length = 0;
  for (let at = end - 1; at >= start && isOperatorChar(content[at]!); at--) {
    if (++length > 3) return 0;
    code = (code << 8) | content[at]!;
  }
  return length === 0 ? 0 : code | (length << 24);
}

/** A–Z, a–z, ', " and * (as in T*, f*, ' and "). */
function isOperatorChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39 || c === 34 || c === 42;
}

/**
 * Applies markArtifactsInContent to every page of a document Chromium
 * printed. A page's content streams are one sequence (marked content may
 * open in one and close in another), so they are joined into one stream.
 */
export function markArtifacts(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    replaceContent(doc, page, markSoftHyphens(markArtifactsInContent(contentBytes(doc, page))));
  }
}

/**
 * A word Chromium broke at a soft hyphen: the text object that ends the line
 * ends with the soft hyphen (an empty glyph in a Span whose ActualText is
 * U+00AD), and the hyphen it draws follows as a text object of its own, one
 * glyph, inside the same tagged content.
 */
const SOFT_HYPHEN_SPAN = Buffer.from('/Span<</ActualText <FEFF00AD> >> BDC\n', 'latin1');
/** The same span with no text: a break that was not taken is no character of the text. */
const NO_TEXT_SPAN = Buffer.from('/Span<</ActualText <FEFF> >> BDC\n', 'latin1');
const BREAK_HYPHEN = /(\/Span<<\/ActualText <FEFF00AD> >> BDC\n[^\n]*\nEMC\nET\n)(BT\n\/\S+ \S+ Tf\n[^\n]* Tm\n<[0-9A-F]{4}> Tj\nET\n)/y;
/** How many lines BREAK_HYPHEN spans. */
const BREAK_HYPHEN_LINES = 9;
const CLOSE_SPAN = Buffer.from('EMC\n');
/** What follows the line after a soft hyphen that ends a line. */
const LINE_END = Buffer.from('EMC\nET\nBT\n');

/**
 * Gives the hyphen drawn at a broken word the text U+00AD (ActualText), as
 * ISO 32000-1 §14.8.2.2.3 asks of a hyphen that only breaks a line: assistive
 * technology and text extraction that read the structure then get the word
 * whole ("Kommunikationsnätverket", not "Kommunikationsnätver-ket"). The
 * soft hyphens where no line broke, which Chromium also gives the text
 * U+00AD, get none: readers that take ActualText as it stands (poppler:
 * pdftotext, Evince, Okular) found no hyphenated word when searched for.
 * Each soft hyphen is found in the bytes, and only the lines after it read
 * as text: a page's content runs to hundreds of kilobytes.
 */
export function markSoftHyphens(content: Buffer): Buffer {
  const parts: Uint8Array[] = [];
  let copied = 0;
  for (let at = content.indexOf(SOFT_HYPHEN_SPAN); at >= 0; at = content.indexOf(SOFT_HYPHEN_SPAN, at + 1)) {
    parts.push(content.subarray(copied, at), NO_TEXT_SPAN);
    copied = at + SOFT_HYPHEN_SPAN.length;
    // Most soft hyphens (hundreds a page) are inside a line: the text object goes on after the span. Read byte by byte: the line is short.
    let spanEnd = at + SOFT_HYPHEN_SPAN.length;
    while (spanEnd < content.length && content[spanEnd] !== 10) spanEnd++;
    if (!bytesAt(content, spanEnd + 1, LINE_END)) continue;
    let end = at;
    for (let line = 0; line < BREAK_HYPHEN_LINES && end >= 0; line++) end = content.indexOf(10, end + 1);
    BREAK_HYPHEN.lastIndex = 0;
    const match = BREAK_HYPHEN.exec(content.toString('latin1', at, end < 0 ? content.length : end + 1));
    if (!match) continue;
    const hyphen = at + match[1]!.length;
    const after = hyphen + match[2]!.length;
    parts.push(content.subarray(copied, hyphen), SOFT_HYPHEN_SPAN, content.subarray(hyphen, after), CLOSE_SPAN);
    copied = after;
    at = after - 1;
  }
  if (copied === 0) return content;
  parts.push(content.subarray(copied));
  return Buffer.concat(parts);
}

/** Whether `bytes` stand in `content` at `at`. */
function bytesAt(content: Uint8Array, at: number, bytes: Uint8Array): boolean {
  if (at + bytes.length > content.length) return false;
  for (let i = 0; i < bytes.length; i++) if (content[at + i] !== bytes[i]) return false;
  return true;
}
