import { type PDFContext, type PDFDict, type PDFDocument, PDFName, type PDFPage, type PDFRawStream, PDFRef } from 'pdf-lib';
import { contentRefs, deferredFlateStream } from '../core/pdf.ts';

/** Replaces a page's content streams by one stream with `content`; the streams it replaces are removed from the file. */
export function replaceContent(doc: PDFDocument, page: PDFPage, content: Uint8Array | string): void {
  const old = contentRefs(page);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  page.node.set(PDFName.of('Contents'), doc.context.register(flateStream(doc.context, bytes)));
  for (const ref of old) if (ref instanceof PDFRef) doc.context.delete(ref);
}

/** A Flate-compressed stream, compressed by Node's zlib (several times faster than pdf-lib's own, pako) when the document is saved. */
export function flateStream(context: PDFContext, bytes: Uint8Array, dict: Record<string, unknown> = {}): PDFRawStream {
  return deferredFlateStream(context.obj({ ...dict, Filter: 'FlateDecode' }) as PDFDict, bytes);
}
