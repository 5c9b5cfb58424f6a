import { closeSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkFile } from '../core/files.ts';
import { defineRule, type Rule } from '../core/message.ts';
import type { PdfProblem } from '../core/pdf.ts';
import type { PathSegment } from '../load/source-file.ts';
import { type FileRules, type RuleContext, report, reportFileProblem } from './rule-context.ts';

/** The largest PDF bilaga appended: a scanned, signed agreement of a few dozen pages is a few megabytes. */
export const MAX_PDF_BYTES = 100 * 2 ** 20;

const fix = {
  sv: 'Kontrollera sökvägen; den räknas från mappen där denna fil ligger.',
  en: 'Check the path; it is relative to the folder of this file.',
};
const missing = defineRule<{ fil: string }>('bilaga/missing-pdf', 'error', {
  sv: ({ fil }) => ({ reason: `PDF-filen "${fil}" finns inte eller är ingen PDF.`, fix: fix.sv }),
  en: ({ fil }) => ({ reason: `The PDF file "${fil}" does not exist or is not a PDF.`, fix: fix.en }),
});
const outside = defineRule<{ fil: string }>('bilaga/pdf-outside', 'error', {
  sv: ({ fil }) => ({
    reason: `PDF-filen "${fil}" ligger utanför källmappen; en bilaga hämtas bara inifrån den.`,
    fix: 'Kopiera in PDF:en i källmappen (till exempel i bilagor/) och hänvisa till den där.',
  }),
  en: ({ fil }) => ({
    reason: `The PDF file "${fil}" is outside the sources folder; a bilaga is taken only from inside it.`,
    fix: 'Copy the PDF into the sources folder (for example into bilagor/) and refer to it there.',
  }),
});
const notAFile = defineRule<{ fil: string }>('bilaga/pdf-not-a-file', 'error', {
  sv: ({ fil }) => ({ reason: `"${fil}" är ingen vanlig fil (en mapp, en pipe eller en enhet) och läses inte.`, fix: fix.sv }),
  en: ({ fil }) => ({ reason: `"${fil}" is not a regular file (a folder, a pipe or a device) and is not read.`, fix: fix.en }),
});
const tooLarge = defineRule<{ fil: string; megabytes: number }>('bilaga/pdf-too-large', 'error', {
  sv: ({ fil, megabytes }) => ({
    reason: `PDF-filen "${fil}" är ${megabytes} MB; en bilaga får vara högst ${MAX_PDF_BYTES / 2 ** 20} MB.`,
    fix: 'Minska filen (till exempel skanna om med lägre upplösning), eller dela upp den.',
  }),
  en: ({ fil, megabytes }) => ({
    reason: `The PDF file "${fil}" is ${megabytes} MB; a bilaga may be at most ${MAX_PDF_BYTES / 2 ** 20} MB.`,
    fix: 'Make the file smaller (scan it again at a lower resolution, say), or split it.',
  }),
});
const pdfFileRules: FileRules<{ fil: string }> = { missing, outside, 'not-a-file': notAFile, 'too-large': tooLarge };
const again = {
  sv: 'Spara eller exportera PDF:en på nytt från programmet den kom från, och lägg in den igen.',
  en: 'Save or export the PDF again from the program it came from, and put it in again.',
};
/** What a PDF bilaga's problem is said with: the file, and for a page too dense, which page and the limit. */
export interface PdfProblemParams {
  fil: string;
  page?: number;
  megabytes?: number;
}

const problems: Record<PdfProblem['kind'], Rule<PdfProblemParams>> = {
  broken: defineRule('bilaga/pdf-broken', 'error', {
    sv: ({ fil }) => ({ reason: `PDF-filen "${fil}" är trasig och kan inte läsas.`, fix: again.sv }),
    en: ({ fil }) => ({ reason: `The PDF file "${fil}" is damaged and cannot be read.`, fix: again.en }),
  }),
  truncated: defineRule('bilaga/pdf-truncated', 'error', {
    sv: ({ fil }) => ({ reason: `PDF-filen "${fil}" är ofullständig: den slutar innan PDF:en är slut (kopierades den inte färdigt?).`, fix: again.sv }),
    en: ({ fil }) => ({ reason: `The PDF file "${fil}" is incomplete: it ends before the PDF does (was it not copied to the end?).`, fix: again.en }),
  }),
  encrypted: defineRule('bilaga/pdf-encrypted', 'error', {
    sv: ({ fil }) => ({
      reason: `PDF-filen "${fil}" är krypterad (lösenordsskyddad) och kan inte läggas till.`,
      fix: 'Spara en kopia utan lösenord och skydd, och hänvisa till den.',
    }),
    en: ({ fil }) => ({
      reason: `The PDF file "${fil}" is encrypted (password protected) and cannot be appended.`,
      fix: 'Save a copy without password and protection, and refer to it.',
    }),
  }),
  'no-pages': defineRule('bilaga/pdf-no-pages', 'error', {
    sv: ({ fil }) => ({ reason: `PDF-filen "${fil}" har inga sidor.`, fix: again.sv }),
    en: ({ fil }) => ({ reason: `The PDF file "${fil}" has no pages.`, fix: again.en }),
  }),
  untagged: defineRule('bilaga/pdf-untagged', 'warning', {
    sv: ({ fil }) => ({
      reason: `PDF-filen "${fil}" är inte taggad (den har inget strukturträd), så en skärmläsare kan inte läsa upp dess text. Sidorna läggs till som bilder vars alternativtext säger just det, och dokumentet anges inte som tillgängligt (PDF/UA).`,
      fix: 'Be om en taggad PDF från den som gjorde bilagan (spara med taggar, "tillgänglig PDF"), eller skriv in bilagan som en bilagefil (fil:).',
    }),
    en: ({ fil }) => ({
      reason: `The PDF file "${fil}" is not tagged (it has no structure tree), so a screen reader cannot read its text. Its pages are added as images whose alternative text says so, and the document does not claim to be accessible (PDF/UA).`,
      fix: 'Ask whoever made the bilaga for a tagged PDF (saved with tags, "accessible PDF"), or write the bilaga in as a bilaga file (fil:).',
    }),
  }),
  'too-dense': defineRule('bilaga/pdf-too-dense', 'error', {
    sv: ({ fil, page, megabytes }) => ({
      reason: `Sida ${page} i PDF-filen "${fil}" packas upp till mer än ${megabytes} MB innehåll; en riktig sida är några hundra kB.`,
      fix: again.sv,
    }),
    en: ({ fil, page, megabytes }) => ({
      reason: `Page ${page} of the PDF file "${fil}" unpacks to more than ${megabytes} MB of content; a real page is a few hundred kB.`,
      fix: again.en,
    }),
  }),
};

/**
 * A PDF bilaga named in a source: a regular file inside the sources folder
 * (after its links are followed), within the size limit, that starts like a
 * PDF. When it does, it is left in `context.pdfs` for `inspectPdfBilagor`,
 * which opens it (validation itself reads no more than its first bytes).
 */
export function checkPdfFile(context: RuleContext, path: readonly PathSegment[], fil: string): void {
  const checked = checkFile(resolve(dirname(context.source.absolutePath), fil), context.sourcesDir, MAX_PDF_BYTES);
  if ('real' in checked && startOf(checked.real) === '%PDF-') {
    context.pdfs.push({ file: checked.real, fil, path });
  } else if ('problem' in checked) {
    reportFileProblem(context, path, checked.problem, pdfFileRules, { fil });
  } else {
    // A file that is not a PDF.
    report(context, path, missing, { fil });
  }
}

/** The first five bytes of a file, as text. */
function startOf(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    return head.subarray(0, readSync(fd, head, 0, 5, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** The rule and its words' parameters for a PDF bilaga `inspectPdf` found cannot be appended. */
export function pdfProblem(problem: PdfProblem, fil: string): { rule: Rule<PdfProblemParams>; params: PdfProblemParams } {
  const params = problem.kind === 'too-dense' ? { fil, page: problem.page, megabytes: problem.limit / 2 ** 20 } : { fil };
  return { rule: problems[problem.kind], params };
}
