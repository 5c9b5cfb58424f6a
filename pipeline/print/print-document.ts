import type { PDFDocument } from 'pdf-lib';
import type { PageNumbers } from '../core/view.ts';
import { type PaginateOptions, printPaginated } from './paginate.ts';
import type { PrintPage } from './print-page.ts';
import { printStamps } from './stamps.ts';

/** A PDF bilaga as the print stage sees it: its label, the anchor its table of contents entry links to, and its page count. */
export interface AppendixPages {
  label: string;
  anchor: string;
  pages: number;
}

/** What printing a document gives the finish stage. */
export interface PrintedDocument {
  /** The PDF Chromium printed, parsed. */
  doc: PDFDocument;
  /** The rendering printed last: its headings name the bookmarks. */
  html: string;
  /** The page numbers the table of contents settled on (a guess for the next similar document). */
  pages: PageNumbers;
  /** Requests the page made that were refused. */
  blocked: string[];
  /** One page per appended page of PDF bilagor, each with its label, to lay over them; none without PDF bilagor. */
  stamps?: Uint8Array;
}

/**
 * Prints a rendered document: the table of contents numbered (the pages of
 * PDF bilagor, appended later, counted after the printed ones), and the
 * labels for those pages ("Bilaga 1 · Sida 3 (9)"; drafts say UTKAST there too).
 */
export async function printDocument(
  printer: PrintPage,
  render: (pages: PageNumbers) => string,
  appendix: readonly AppendixPages[],
  draft: boolean,
  options: PaginateOptions = {},
): Promise<PrintedDocument> {
  const { doc, blocked, html, pages } = await printPaginated(printer, render, appendix, options);
  const stamps = appendix.length > 0 ? await printStamps(printer, stampLabels(appendix, doc.getPageCount(), draft)) : undefined;
  return { doc, html, pages, blocked, ...(stamps && { stamps }) };
}

/** "Bilaga 1 · Sida 3 (9)" for every appended page, numbered after the document's own pages. */
function stampLabels(appendix: readonly AppendixPages[], ownPages: number, draft: boolean): string[] {
  const total = ownPages + appendix.reduce((n, a) => n + a.pages, 0);
  let page = ownPages;
  return appendix.flatMap((a) => Array.from({ length: a.pages }, () => `${draft ? 'UTKAST · ' : ''}${a.label} · Sida ${++page} (${total})`));
}
