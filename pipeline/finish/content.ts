import { deflateSync, inflateSync } from 'node:zlib';
import {
  PDFArray, PDFContentStream, type PDFDict, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFContext, type PDFDocument, type PDFPage,
} from 'pdf-lib';

/** A page's content streams, decoded and joined, as one text. */
export function contentText(doc: PDFDocument, page: PDFPage): string {
  return contentRefs(page).map((ref) => {
    const stream = doc.context.lookup(ref);
    if (stream instanceof PDFRawStream) return Buffer.from(decodeStream(stream)).toString('latin1');
    // Streams pdf-lib is still writing (drawPage) are content streams.
    if (stream instanceof PDFContentStream) return Buffer.from(stream.getUnencodedContents()).toString('latin1');
    return '';
  }).join('\n');
}

/** Replaces a page's content streams by one stream with `text`; the streams it replaces are removed from the file. */
export function replaceContent(doc: PDFDocument, page: PDFPage, text: string): void {
  const old = contentRefs(page);
  page.node.set(PDFName.of('Contents'), doc.context.register(flateStream(doc.context, Buffer.from(text, 'latin1'))));
  for (const ref of old) if (ref instanceof PDFRef) doc.context.delete(ref);
}

/**
 * A Flate-compressed stream, compressed by Node's zlib: several times faster
 * than pdf-lib's own (pako), which is most of the time finishing takes.
 */
export function flateStream(context: PDFContext, bytes: Uint8Array, dict: Record<string, unknown> = {}): PDFRawStream {
  return PDFRawStream.of(context.obj({ ...dict, Filter: 'FlateDecode' }) as PDFDict, deflateSync(bytes, { level: 4 }));
}

/** A stream's decoded bytes: Flate by Node's zlib; other filters, and Flate data zlib finds damaged, by pdf-lib. */
function decodeStream(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // pdf-lib's decoder is more lenient with PDFs from elsewhere
    }
  }
  return decodePDFRawStream(stream).decode();
}

function contentRefs(page: PDFPage) {
  const contents = page.node.get(PDFName.of('Contents'));
  return contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
}
