import { PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';

/**
 * Chromium builds the outline (bookmarks) from the headings, but a heading
 * that was first laid out at the foot of a page and then pushed to the next
 * one gets its text twice ("3. Kansliets prioriteringar3. Kansliets
 * prioriteringar"). This removes such a doubled start from every title.
 */
export function cleanOutline(doc: PDFDocument): void {
  const visit = (ref: PDFObject | undefined) => {
    let node = ref ? doc.context.lookupMaybe(ref, PDFDict) : undefined;
    while (node) {
      const title = node.lookup(PDFName.of('Title'));
      if (title instanceof PDFString || title instanceof PDFHexString) {
        const clean = undoubled(title.decodeText());
        if (clean !== title.decodeText()) node.set(PDFName.of('Title'), PDFHexString.fromText(clean));
      }
      visit(node.get(PDFName.of('First')));
      const next = node.get(PDFName.of('Next'));
      node = next ? doc.context.lookupMaybe(next, PDFDict) : undefined;
    }
  };
  visit(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.get(PDFName.of('First')));
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
