import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString } from 'pdf-lib';
import type { DocumentMeta } from '../view.ts';
import { appendBilagor, type AppendixPdf } from './append-bilagor.ts';
import { addArchivalMetadata } from './archival.ts';
import { cleanOutline } from './clean-outline.ts';
import { markArtifacts } from './mark-artifacts.ts';

/** Who made the file, as the PDF's Creator and Producer say it. */
export const producer = 'handlingar';

/**
 * Finishes a PDF Chromium printed: title, author, subject, keywords and
 * language; "display document title"; page decorations marked as artifacts;
 * bookmark titles taken from the document's `headings`; PDF bilagor appended;
 * XMP metadata and an sRGB output intent. Dates come from the document, never
 * the clock, and the file identifier from the content, so the same sources
 * give the same bytes.
 */
export async function setMetadata(
  pdf: Uint8Array, meta: DocumentMeta, headings: readonly string[] = [], appendix: readonly AppendixPdf[] = [], stamps?: Uint8Array,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
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
  if (stamps) await appendBilagor(doc, appendix, stamps);
  markArtifacts(doc);
  cleanOutline(doc, headings);
  addArchivalMetadata(doc, meta, producer, date);
  // Chromium stamps its output with the time, so the identifier is a hash of the finished content instead.
  const id = createHash('sha256').update(await doc.save({ useObjectStreams: false })).digest('hex').slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  return doc.save({ useObjectStreams: false });
}
