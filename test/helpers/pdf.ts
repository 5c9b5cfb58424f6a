import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFObject } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Collapses all white space (including non-breaking spaces) so text can be compared across line breaks. */
export function normalize(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The text of each page of a PDF, as pdf.js extracts it, normalised. */
export async function pageTexts(path: string): Promise<string[]> {
  const data = new Uint8Array(readFileSync(path));
  const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(normalize(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('')));
  }
  await pdf.destroy();
  return pages;
}

/** Document-level facts read back with pdf-lib: info dictionary, language, tagging. */
export async function pdfFacts(path: string) {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const catalog = doc.catalog;
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const viewer = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  return {
    pages: doc.getPageCount(),
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    creationDate: doc.getCreationDate(),
    lang: catalog.get(PDFName.of('Lang'))?.toString(),
    tagged: markInfo?.get(PDFName.of('Marked'))?.toString() === 'true',
    structTree: catalog.has(PDFName.of('StructTreeRoot')),
    displayDocTitle: viewer?.get(PDFName.of('DisplayDocTitle'))?.toString() === 'true',
  };
}

/** Every font the pages use: its name and whether its program is embedded. */
export async function fontsOf(path: string): Promise<Array<{ name: string; embedded: boolean }>> {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const fonts = new Map<string, boolean>();
  for (const page of doc.getPages()) {
    const dict = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of dict?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict);
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict) ?? font;
      const descriptor = descendant.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      const name = font.lookup(PDFName.of('BaseFont'))!.toString().slice(1);
      fonts.set(name, ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k))));
    }
  }
  return [...fonts].map(([name, embedded]) => ({ name, embedded }));
}

/** The outline (bookmarks), depth first: each title with its depth (0 for the top). */
export async function outlineOf(path: string): Promise<Array<{ title: string; depth: number }>> {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const items: Array<{ title: string; depth: number }> = [];
  const visit = (ref: PDFObject | undefined, depth: number) => {
    let node = ref ? doc.context.lookupMaybe(ref, PDFDict) : undefined;
    while (node) {
      const title = node.lookup(PDFName.of('Title'));
      items.push({ title: title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : '', depth });
      visit(node.get(PDFName.of('First')), depth + 1);
      const next = node.get(PDFName.of('Next'));
      node = next ? doc.context.lookupMaybe(next, PDFDict) : undefined;
    }
  };
  visit(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.get(PDFName.of('First')), 0);
  return items;
}
