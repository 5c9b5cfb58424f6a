import { PDFDict, type PDFDocument, PDFHexString, PDFName, type PDFObject, PDFString } from 'pdf-lib';

/**
 * Chromium builds the outline (bookmarks) from the headings, with two flaws:
 * a heading that wraps loses the space at the line break ("budget2023"), and
 * one first laid out at the foot of a page and then pushed to the next gets
 * its text twice ("3. Kansliets prioriteringar3. Kansliets prioriteringar").
 * Each title is replaced by the heading it was made from, matched without
 * white space; a doubled title is said once.
 */
export function cleanOutline(doc: PDFDocument, headings: readonly string[]): void {
  const byLetters = new Map(headings.map((h) => [letters(h), h]));
  const visit = (ref: PDFObject | undefined) => {
    let node = ref ? doc.context.lookupMaybe(ref, PDFDict) : undefined;
    while (node) {
      const title = node.lookup(PDFName.of('Title'));
      if (title instanceof PDFString || title instanceof PDFHexString) {
        const raw = title.decodeText();
        const clean = byLetters.get(letters(raw)) ?? byLetters.get(letters(undoubled(raw))) ?? undoubled(raw);
        if (clean !== raw) node.set(PDFName.of('Title'), PDFHexString.fromText(clean));
      }
      visit(node.get(PDFName.of('First')));
      const next = node.get(PDFName.of('Next'));
      node = next ? doc.context.lookupMaybe(next, PDFDict) : undefined;
    }
  };
  visit(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.get(PDFName.of('First')));
}

function letters(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The text of every heading in an HTML page, in order, as a reader sees it. */
export function headingsOf(html: string): string[] {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };
  return [...html.matchAll(/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => entities[e]!)
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/**
 * "Bilaga 1Bilaga 1 Avtal Avtal" → "Bilaga 1 Avtal": a start or an ending of
 * four or more characters that is said twice in a row is said once.
 */
export function undoubled(title: string): string {
  const start = /^(.{4,}?)\1/.exec(title);
  if (start) return undoubled(title.slice(start[1]!.length));
  const end = /^(.*?)(.{4,}?)\s?\2$/.exec(title);
  return end ? undoubled(`${end[1]}${end[2]}`) : title;
}
