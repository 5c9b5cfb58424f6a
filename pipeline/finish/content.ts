import { PDFArray, PDFContentStream, PDFName, PDFRawStream, decodePDFRawStream, type PDFDocument, type PDFPage } from 'pdf-lib';

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

