import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'puppeteer';
import type { AppendixPdf } from '../finish/append-bilagor.ts';
import { headingsOf } from '../finish/clean-outline.ts';
import { setMetadata } from '../finish/set-metadata.ts';
import type { Appendix, DocumentMeta, PageNumbers } from '../view.ts';
import { printPaginated } from './paginate.ts';
import { printStamps } from './stamps.ts';

/**
 * Prints a rendered document and finishes it: the table of contents
 * numbered, PDF bilagor appended and stamped, metadata set. Returns the
 * finished PDF and the requests the page tried that were refused.
 */
export async function printDocument(
  browser: Browser | Page, render: (pages: PageNumbers) => string, meta: DocumentMeta, appendix: readonly Appendix[], guess?: PageNumbers,
  timeoutMs?: number,
): Promise<{ pdf: Uint8Array; blocked: string[]; pages: PageNumbers }> {
  const bilagor = await readAppendix(appendix);
  const { pdf, blocked, html, pageCount, pages } = await printPaginated(browser, render, bilagor, guess, timeoutMs);
  const stamps = bilagor.length > 0 ? await printStamps(browser, stampLabels(bilagor, pageCount, meta.draft)) : undefined;
  return { pdf: await setMetadata(pdf, meta, headingsOf(html), bilagor, stamps), blocked, pages };
}

/** Reads the PDF bilagor of a document: their bytes and page counts. */
async function readAppendix(appendix: readonly Appendix[]): Promise<Array<AppendixPdf & { pages: number }>> {
  return Promise.all(appendix.map(async (a) => {
    const bytes = await readFile(a.file);
    const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
    return { label: a.label, title: a.title, anchor: a.anchor, bytes, pages };
  }));
}

/** "Bilaga 1 · Sida 3 (9)" for every appended page, numbered after the document's own pages; drafts say UTKAST there too. */
function stampLabels(appendix: ReadonlyArray<{ label: string; pages: number }>, ownPages: number, draft: boolean): string[] {
  const total = ownPages + appendix.reduce((n, a) => n + a.pages, 0);
  let page = ownPages;
  return appendix.flatMap((a) => Array.from({ length: a.pages }, () => `${draft ? 'UTKAST · ' : ''}${a.label} · Sida ${++page} (${total})`));
}
