import { readFile } from 'node:fs/promises';
import { readBilaga, type AppendixPdf } from '../finish/append-bilagor.ts';
import { headingsOf } from '../finish/clean-outline.ts';
import { setMetadata } from '../finish/set-metadata.ts';
import type { Appendix, DocumentMeta, PageNumbers } from '../view.ts';
import { printPaginated, type PaginateOptions } from './paginate.ts';
import type { PrintPage } from './print-pdf.ts';
import { printStamps } from './stamps.ts';

/**
 * Prints a rendered document and finishes it: the table of contents
 * numbered, PDF bilagor appended and stamped, metadata set. Returns the
 * finished PDF, the requests the page tried that were refused, and the page
 * numbers it settled on (a guess for the next similar document).
 */
export async function printDocument(
  printer: PrintPage, render: (pages: PageNumbers) => string, meta: DocumentMeta, appendix: readonly Appendix[], options: PaginateOptions = {},
): Promise<{ pdf: Uint8Array; blocked: string[]; pages: PageNumbers }> {
  const bilagor = await readAppendix(appendix);
  const { doc, blocked, html, pages } = await printPaginated(printer, render, bilagor, options);
  const stamps = bilagor.length > 0 ? await printStamps(printer, stampLabels(bilagor, doc.getPageCount(), meta.draft)) : undefined;
  return { pdf: await setMetadata(doc, meta, headingsOf(html), bilagor, stamps), blocked, pages };
}

/** Reads the PDF bilagor of a document, prepared for appending, with their page counts. */
export async function readAppendix(appendix: readonly Appendix[]): Promise<Array<AppendixPdf & { pages: number }>> {
  return Promise.all(appendix.map(async (a) => {
    const doc = await readBilaga(await readFile(a.file));
    return { label: a.label, title: a.title, anchor: a.anchor, doc, pages: doc.getPageCount() };
  }));
}

/** "Bilaga 1 · Sida 3 (9)" for every appended page, numbered after the document's own pages; drafts say UTKAST there too. */
function stampLabels(appendix: ReadonlyArray<{ label: string; pages: number }>, ownPages: number, draft: boolean): string[] {
  const total = ownPages + appendix.reduce((n, a) => n + a.pages, 0);
  let page = ownPages;
  return appendix.flatMap((a) => Array.from({ length: a.pages }, () => `${draft ? 'UTKAST · ' : ''}${a.label} · Sida ${++page} (${total})`));
}
