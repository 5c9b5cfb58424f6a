import { PDFArray, PDFContentStream, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFDocument, type PDFPage } from 'pdf-lib';

/** A page's content streams, decoded and joined, as one text. */
export function contentText(doc: PDFDocument, page: PDFPage): string {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return refs.map((ref) => {
    const stream = doc.context.lookup(ref);
    // Streams read from a file are raw; streams pdf-lib is still writing (drawPage) are content streams.
    if (stream instanceof PDFRawStream) return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    if (stream instanceof PDFContentStream) return Buffer.from(stream.getUnencodedContents()).toString('latin1');
    return '';
  }).join('\n');
}


/** Replaces a page's content streams by one stream with `text`, removing the old streams read from the file. */
export function replaceContent(doc: PDFDocument, page: PDFPage, text: string): void {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(Buffer.from(text, 'latin1'))));
  // Streams pdf-lib is still writing (drawPage) belong to pdf-lib's bookkeeping; only streams read from the file go.
  for (const ref of refs) if (ref instanceof PDFRef && doc.context.lookup(ref) instanceof PDFRawStream) doc.context.delete(ref);
}
