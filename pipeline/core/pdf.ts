import { type LoadOptions, ParseSpeeds, PDFDocument } from 'pdf-lib';

/**
 * Parses a PDF in one go. By default pdf-lib pauses on a timer every hundred
 * objects (and, saving, every fifty); those pauses were most of the time a
 * document spent being parsed and saved.
 */
export function readPdf(bytes: Uint8Array, options: LoadOptions = {}): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, ...options });
}
