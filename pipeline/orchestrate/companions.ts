import type { PlannedDocument } from './plan.ts';
import type { DocumentToPrint } from './print-documents.ts';

/**
 * Files written beside a document's PDF from the same prepared document:
 * the DOCX of a tjänsteskrivelse, the calendars (.ics) of a plan. They need
 * no browser, so they are written for every valid document, printed now or
 * up to date, and their paths go into the build's report (and its index).
 * Returns the paths written (or already in place with the same bytes).
 */
export async function writeCompanions(_planned: PlannedDocument, _document: DocumentToPrint, _outDir: string): Promise<string[]> {
  return [];
}
