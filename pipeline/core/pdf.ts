import { deflateSync, inflateSync } from 'node:zlib';
import {
  decodePDFRawStream,
  type LoadOptions,
  ParseSpeeds,
  PDFArray,
  PDFContentStream,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFPage,
  PDFRawStream,
} from 'pdf-lib';

/**
 * pdf-lib's `PDFName.of` decodes its argument with a regular expression on
 * every call, and is called for every name parsed, written or looked up: a
 * tenth of finishing a long document. Remembered by argument (the decoding is
 * pure, and pdf-lib keeps every name anyway); bounded for PDFs from elsewhere.
 */
const nameOf = PDFName.of;
const names = new Map<string, PDFName>();
PDFName.of = (name: string): PDFName => {
  let found = names.get(name);
  if (!found) {
    if (names.size >= 50_000) names.clear();
    found = nameOf(name);
    names.set(name, found);
  }
  return found;
};

/**
 * Parses a PDF in one go. By default pdf-lib pauses on a timer every hundred
 * objects (and, saving, every fifty); those pauses were most of the time a
 * document spent being parsed and saved.
 */
export function readPdf(bytes: Uint8Array, options: LoadOptions = {}): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, ...options });
}

/**
 * The most a page's content may come to once decompressed. A real page's
 * content is a few kilobytes to a megabyte (pictures are not content: they
 * are copied as they are); a few hundred kilobytes of compressed zeros can
 * inflate to gigabytes, and are refused on the way.
 */
export const MAX_PAGE_CONTENT_BYTES = 32 * 2 ** 20;

/** Thrown when a page's content would inflate beyond MAX_PAGE_CONTENT_BYTES. */
export class ContentTooLarge extends Error {}

/** A page's content streams, decoded and joined. */
export function contentBytes(doc: PDFDocument, page: PDFPage): Buffer {
  const NEWLINE = Buffer.from('\n');
  let room = MAX_PAGE_CONTENT_BYTES;
  return Buffer.concat(
    contentRefs(page).flatMap((ref, i) => {
      const stream = doc.context.lookup(ref);
      // Streams pdf-lib is still writing (drawPage) are content streams.
      const bytes =
        stream instanceof PDFRawStream ? decodeStream(stream, room) : stream instanceof PDFContentStream ? stream.getUnencodedContents() : new Uint8Array();
      room -= bytes.length;
      if (room < 0) throw new ContentTooLarge();
      return i === 0 ? [bytes] : [NEWLINE, bytes];
    }),
  );
}

/** A page's content streams, decoded and joined, as one text. */
export function contentText(doc: PDFDocument, page: PDFPage): string {
  return contentBytes(doc, page).toString('latin1');
}

/** The references to a page's content streams. */
export function contentRefs(page: PDFPage) {
  const contents = page.node.get(PDFName.of('Contents'));
  return contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
}

/** The bytes of deferred Flate streams not yet compressed (see deferredFlateStream). */
const uncompressed = new WeakMap<PDFRawStream, Uint8Array>();

/**
 * A Flate-compressed stream of `bytes`, compressed only when its bytes are
 * first asked for (when the document is saved). The finish stage replaces
 * most pages' content twice (artifacts marked, then a table's repeated
 * header unmarked): the first replacement is read back as it is, and only
 * the last is compressed. Level 4 with zlib's largest hash tables: as small
 * as level 4's default and a sixth faster (level 3 would be a quarter faster
 * and 4 % larger).
 */
export function deferredFlateStream(dict: PDFDict, bytes: Uint8Array): PDFRawStream {
  const stream = PDFRawStream.of(dict, new Uint8Array());
  let plain: Uint8Array | undefined = bytes;
  let packed: Uint8Array | undefined;
  uncompressed.set(stream, bytes);
  Object.defineProperty(stream, 'contents', {
    get: () => {
      if (plain) {
        packed = deflateSync(plain, { level: 4, memLevel: 9 });
        plain = undefined;
        uncompressed.delete(stream);
      }
      return packed;
    },
  });
  return stream;
}

/** A stream's decoded bytes, at most `limit` of them: Flate by Node's zlib; other filters, and Flate data zlib finds damaged, by pdf-lib. */
function decodeStream(stream: PDFRawStream, limit: number): Uint8Array {
  const kept = uncompressed.get(stream);
  if (kept) {
    if (kept.length > limit) throw new ContentTooLarge();
    return kept;
  }
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents, { maxOutputLength: limit + 1 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ContentTooLarge();
      // pdf-lib's decoder is more lenient with PDFs from elsewhere
    }
  }
  return decodePDFRawStream(stream).decode();
}

/** Why a PDF from elsewhere (a bilaga) cannot be used. */
export type PdfProblem =
  | { kind: 'broken'; detail: string }
  | { kind: 'truncated' }
  | { kind: 'encrypted' }
  | { kind: 'no-pages' }
  | { kind: 'too-dense'; page: number; limit: number }
  /** Not a problem that stops it: it has no structure tree, so its text cannot be read aloud. */
  | { kind: 'untagged' };

/** True when a PDF has a structure tree to keep: a StructTreeRoot with kids and a parent tree. */
export function hasStructureTree(doc: PDFDocument): boolean {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  return root?.get(PDFName.of('K')) !== undefined && root.lookupMaybe(PDFName.of('ParentTree'), PDFDict) !== undefined;
}

/**
 * Opens a PDF from elsewhere as the finish stage will, and says whether it can
 * be appended: it parses (invalid objects are errors, not warnings), it is
 * whole (it ends with %%EOF), it is not encrypted, it has pages, and no page's
 * content inflates beyond MAX_PAGE_CONTENT_BYTES. One that can be appended
 * but has no structure tree is `untagged`.
 */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfProblem | undefined> {
  if (!Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).includes('%%EOF')) return { kind: 'truncated' };
  let doc: PDFDocument;
  try {
    doc = await readPdf(bytes, { ignoreEncryption: true, throwOnInvalidObject: true });
  } catch (error) {
    return { kind: 'broken', detail: (error as Error).message.split('\n')[0]! };
  }
  if (doc.isEncrypted) return { kind: 'encrypted' };
  let page = 0;
  try {
    const pages = doc.getPages();
    if (pages.length === 0) return { kind: 'no-pages' };
    for (; page < pages.length; page++) contentBytes(doc, pages[page]!);
  } catch (error) {
    if (error instanceof ContentTooLarge) return { kind: 'too-dense', page: page + 1, limit: MAX_PAGE_CONTENT_BYTES };
    return { kind: 'broken', detail: (error as Error).message.split('\n')[0]! };
  }
  return hasStructureTree(doc) ? undefined : { kind: 'untagged' };
}
