import { deflateSync, inflateSync } from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFContentStream,
  type PDFContext,
  type PDFDict,
  type PDFDocument,
  PDFName,
  type PDFPage,
  PDFRawStream,
  PDFRef,
} from 'pdf-lib';

/** A page's content streams, decoded and joined. */
export function contentBytes(doc: PDFDocument, page: PDFPage): Buffer {
  const NEWLINE = Buffer.from('\n');
  return Buffer.concat(
    contentRefs(page).flatMap((ref, i) => {
      const stream = doc.context.lookup(ref);
      // Streams pdf-lib is still writing (drawPage) are content streams.
      const bytes =
        stream instanceof PDFRawStream ? decodeStream(stream) : stream instanceof PDFContentStream ? stream.getUnencodedContents() : new Uint8Array();
      return i === 0 ? [bytes] : [NEWLINE, bytes];
    }),
  );
}

/** A page's content streams, decoded and joined, as one text. */
export function contentText(doc: PDFDocument, page: PDFPage): string {
  return contentBytes(doc, page).toString('latin1');
}

/** Replaces a page's content streams by one stream with `content`; the streams it replaces are removed from the file. */
export function replaceContent(doc: PDFDocument, page: PDFPage, content: Uint8Array | string): void {
  const old = contentRefs(page);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  page.node.set(PDFName.of('Contents'), doc.context.register(flateStream(doc.context, bytes)));
  for (const ref of old) if (ref instanceof PDFRef) doc.context.delete(ref);
}

/**
 * A Flate-compressed stream, compressed by Node's zlib: several times faster
 * than pdf-lib's own (pako), which is most of the time finishing takes.
 * Level 4 with zlib's largest hash tables: as small as level 4's default and
 * a sixth faster (level 3 would be a quarter faster and 4 % larger).
 */
export function flateStream(context: PDFContext, bytes: Uint8Array, dict: Record<string, unknown> = {}): PDFRawStream {
  return PDFRawStream.of(context.obj({ ...dict, Filter: 'FlateDecode' }) as PDFDict, deflateSync(bytes, { level: 4, memLevel: 9 }));
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
