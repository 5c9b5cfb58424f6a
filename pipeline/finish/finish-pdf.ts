import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, type PDFObject, PDFRef, PDFString } from 'pdf-lib';
import { readPdf } from '../core/pdf.ts';
import type { DocumentMeta } from '../core/view.ts';
import { type AppendixPdf, appendBilagor } from './append-bilagor.ts';
import { addArchivalMetadata } from './archival.ts';
import { cleanOutline } from './clean-outline.ts';
import { flattenStructure } from './flatten-structure.ts';
import { nameFontSubsets } from './font-names.ts';
import { markArtifacts } from './mark-artifacts.ts';
import { unmarkRepeatedHeaders } from './repeated-headers.ts';

/** Who made the file, as the PDF's Creator and Producer say it. */
export const producer = 'handlingar';

/**
 * Finishes a PDF Chromium printed: title, author, subject, keywords and
 * language; "display document title"; page decorations marked as artifacts;
 * font subsets named with tags of their own; Chromium's NonStruct wrappers
 * removed from the structure tree, and the copies of a table's header row
 * on later pages made artifacts; bookmark titles taken from the document's `headings`; PDF bilagor appended;
 * XMP metadata (claiming PDF/UA only when every bilaga is tagged) and an sRGB output intent. Dates come from the document, never
 * the clock, and the file identifier from the content, so the same sources
 * give the same bytes.
 */
export async function finishPdf(
  pdf: Uint8Array | PDFDocument,
  meta: DocumentMeta,
  headings: readonly string[] = [],
  appendix: readonly AppendixPdf[] = [],
  stamps?: Uint8Array,
): Promise<Uint8Array> {
  const doc = pdf instanceof PDFDocument ? pdf : await readPdf(pdf);
  const date = new Date(`${meta.date ?? '2000-01-01'}T00:00:00Z`);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setLanguage('sv-SE');
  doc.setCreator(producer);
  doc.setProducer(producer);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  // Chromium's own pages only: appended pages come already marked.
  markArtifacts(doc);
  // A bilaga without a structure tree cannot be read aloud: the document then does not claim PDF/UA.
  const { tagged } = stamps ? await appendBilagor(doc, appendix, stamps) : { tagged: true };
  nameFontSubsets(doc);
  flattenStructure(doc);
  unmarkRepeatedHeaders(doc);
  renumberElementIds(doc);
  cleanOutline(doc, headings);
  addArchivalMetadata(doc, meta, producer, date, { pdfua: tagged });
  return saveWithContentId(doc);
}

/**
 * Saves a document with a file identifier that is a hash of its content
 * (Chromium's is not reproducible): saved once with a placeholder of the
 * same length, which is then overwritten in place by the hash.
 */
async function saveWithContentId(doc: PDFDocument): Promise<Uint8Array> {
  const placeholder = '0'.repeat(32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(placeholder), PDFHexString.of(placeholder)]);
  const bytes = Buffer.from(await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }));
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const trailer = bytes.lastIndexOf('trailer');
  for (let at = bytes.indexOf(`<${placeholder}>`, trailer); at >= 0; at = bytes.indexOf(`<${placeholder}>`, at)) bytes.write(id, at + 1, 'latin1');
  return bytes;
}

/**
 * Chromium names structure elements after DOM nodes ("node00001633"), whose
 * numbers depend on what the page printed before. Table cells refer to their
 * header cells by these names (/Headers), so they are renamed in order of
 * appearance, references and the ID tree with them: the same sources give the
 * same bytes however pages are reused.
 */
function renumberElementIds(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const names = new Map<string, string>();
  const entries: Array<[string, PDFObject]> = [];
  const elements = [...doc.context.enumerateIndirectObjects()].filter(
    (entry): entry is [PDFRef, PDFDict] => entry[1] instanceof PDFDict && entry[1].get(PDFName.of('Type'))?.toString() === '/StructElem',
  );
  for (const [ref, element] of elements) {
    const id = element.get(PDFName.of('ID'));
    if (!(id instanceof PDFString || id instanceof PDFHexString)) continue;
    const name = `h${String(names.size + 1).padStart(6, '0')}`;
    names.set(id.decodeText(), name);
    element.set(PDFName.of('ID'), PDFString.of(name));
    entries.push([name, ref]);
  }
  for (const [, element] of elements) {
    const attributes = element.lookup(PDFName.of('A'));
    for (const attribute of attributes instanceof PDFArray ? attributes.asArray() : attributes ? [attributes] : []) {
      const headers = doc.context.lookupMaybe(attribute, PDFDict)?.lookupMaybe(PDFName.of('Headers'), PDFArray);
      headers?.asArray().forEach((header, i) => {
        if (header instanceof PDFString || header instanceof PDFHexString) headers.set(i, PDFString.of(names.get(header.decodeText()) ?? header.decodeText()));
      });
    }
  }
  // The old tree still holds the old names: remove it from the file, not only from the root.
  const dropTree = (ref: PDFObject | undefined) => {
    if (!(ref instanceof PDFRef)) return;
    for (const kid of doc.context.lookupMaybe(ref, PDFDict)?.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) dropTree(kid);
    doc.context.delete(ref);
  };
  dropTree(root.get(PDFName.of('IDTree')));
  root.delete(PDFName.of('IDTree'));
  if (entries.length > 0)
    root.set(PDFName.of('IDTree'), doc.context.register(doc.context.obj({ Names: entries.flatMap(([name, ref]) => [PDFString.of(name), ref]) })));
}
