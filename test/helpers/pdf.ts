import { readFileSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
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
