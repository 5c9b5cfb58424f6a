import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { readPdf } from '../core/pdf.ts';

/**
 * The page (1-based) of every named destination in a PDF. Chromium writes a
 * named destination for each element id that an internal link points to, so
 * this says on which page each linked heading landed. Returns the parsed
 * PDF too, so that it is parsed once.
 */
export async function readDestinations(pdf: Uint8Array): Promise<{ doc: PDFDocument; destinations: Map<string, number> }> {
  const doc = await readPdf(pdf);
  const pages = new Map(doc.getPages().map((page, i) => [page.ref.toString(), i + 1]));
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const destinations = new Map<string, number>();
  for (const [name, value] of dests?.entries() ?? []) {
    const target = doc.context.lookupMaybe(value, PDFArray)?.get(0);
    const page = target instanceof PDFRef ? pages.get(target.toString()) : undefined;
    if (page) destinations.set(name.decodeText(), page);
  }
  return { doc, destinations };
}
