import type { PDFDocument } from 'pdf-lib';
import { defineRule, messageError } from '../core/message.ts';
import { type PageNumbers, TOTAL_PAGES } from '../core/view.ts';
import type { PrintPage, PrintResult } from './print-page.ts';

const MAX_PASSES = 4;

const unsettled = defineRule<{ passes: number }>('print/toc-unsettled', 'error', {
  sv: ({ passes }) => ({
    reason: `PDF:en kunde inte skapas: innehållsförteckningens sidnummer ändrade sig fortfarande efter ${passes} utskrifter (en rubrik hoppar mellan två sidor).`,
    fix: 'Ändra texten nära sidbrytningen något (till exempel ett stycke före rubriken); rapportera gärna dokumentet.',
  }),
  en: ({ passes }) => ({
    reason: `The PDF could not be made: the page numbers of the table of contents still changed after ${passes} prints (a heading jumps between two pages).`,
    fix: 'Change the text near the page break a little (for example a paragraph before the heading); please report the document.',
  }),
});

export interface PaginateOptions {
  /** Page numbers to print with first: those of this document last time, or of a similar one. */
  guess?: PageNumbers;
  timeoutMs?: number;
  /** Told the numbers a pass found, before the next pass: a guess for similar documents that start meanwhile. */
  found?: (pages: PageNumbers) => void;
  /** Told when Chromium is asked for the first pass's PDF: it is busy from then on, and Node has time for other work. */
  sent?: () => void;
}

/**
 * Prints a document whose table of contents shows page numbers. Chromium
 * cannot number a TOC itself, so: print, read where each linked heading
 * landed, render again with those numbers, and repeat until they are stable
 * (usually two passes; one when the document has no internal links, or when
 * `guess`, the numbers of a similar document, holds).
 * Pages of PDF bilagor (`appendix`) follow the printed pages: their TOC
 * numbers and the total in "Sida X (Y)" count them too.
 * Returns the last print, already parsed (`doc`) for the finish stage.
 */
export async function printPaginated(
  printer: PrintPage,
  render: (pages: PageNumbers) => string,
  appendix: ReadonlyArray<{ anchor: string; pages: number }> = [],
  { guess = new Map(), timeoutMs, found: tell, sent }: PaginateOptions = {},
): Promise<PrintResult & { doc: PDFDocument; passes: number; pages: PageNumbers; html: string }> {
  let pages: PageNumbers = guess;
  // pdf-lib, to read a print with, is loaded while Chromium prints: a cold build's first print waits for nothing else.
  let reader: Promise<typeof import('./destinations.ts')> | undefined;
  const read = () => (reader ??= import('./destinations.ts'));
  for (let pass = 1; pass <= MAX_PASSES + 1; pass++) {
    const html = render(pages);
    // With nothing to go on, a document that shows page numbers will be printed again: this pass is a draft.
    const draft = pass === 1 && guess.size === 0 && (appendix.length > 0 || html.includes('href="#'));
    const result = await printer.print(html, timeoutMs, draft, () => {
      read().catch(() => undefined);
      if (pass === 1) sent?.();
    });
    const { doc, destinations: found } = await (await read()).readDestinations(result.pdf);
    if (appendix.length > 0) {
      let next = doc.getPageCount() + 1;
      for (const a of appendix) {
        found.set(a.anchor, next);
        next += a.pages;
      }
      found.set(TOTAL_PAGES, next - 1);
    }
    if (!draft && sameNumbers(found, pages)) return { ...result, doc, passes: pass, pages, html };
    tell?.(found);
    pages = found;
  }
  throw messageError(unsettled, { passes: MAX_PASSES + 1 });
}

function sameNumbers(a: PageNumbers, b: PageNumbers): boolean {
  return a.size === b.size && [...a].every(([anchor, page]) => b.get(anchor) === page);
}
