import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

/**
 * The page (1-based) of every named destination in a PDF. Chromium writes a
 * named destination for each element id that an internal link points to, so
 * this says on which page each linked heading landed.
 */
export async function readDestinations(pdf: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = doc.getPages().map((page) => page.ref);
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const found = new Map<string, number>();
  for (const [name, value] of dests?.entries() ?? []) {
    const target = doc.context.lookupMaybe(value, PDFArray)?.get(0);
    const index = target instanceof PDFRef ? pages.findIndex((ref) => ref === target || ref.toString() === target.toString()) : -1;
    if (index >= 0) found.set(name.decodeText(), index + 1);
  }
  return found;
}
