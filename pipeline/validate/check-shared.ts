import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineRule } from '../core/message.ts';
import { countFillIns } from '../core/model.ts';
import { type RuleContext, report } from './rule-context.ts';

const missingPdf = defineRule<{ fil: string }>('bilaga/missing-pdf', 'error', {
  sv: ({ fil }) => ({ reason: `PDF-filen "${fil}" finns inte eller är ingen PDF.`, fix: 'Kontrollera sökvägen; den räknas från mappen där denna fil ligger.' }),
  en: ({ fil }) => ({ reason: `The PDF file "${fil}" does not exist or is not a PDF.`, fix: 'Check the path; it is relative to the folder of this file.' }),
});
const fillInFinal = defineRule<{ count: number }>('fill-in/final', 'error', {
  sv: ({ count }) => ({
    reason: `Dokumentet är slutligt men har ${count} fält kvar att fylla i.`,
    fix: 'Fyll i fälten markerade med ifylles, eller ändra status till utkast.',
  }),
  en: ({ count }) => ({
    reason: `The document is final but still has ${count} field(s) to fill in.`,
    fix: 'Fill in the fields marked ifylles, or set status to utkast.',
  }),
});

/** A PDF bilaga's file exists next to the source and starts like a PDF. */
export function checkPdfFile(context: RuleContext, path: Array<string | number>, file: string): void {
  let head = '';
  try {
    head = readFileSync(resolve(dirname(context.source.absolutePath), file))
      .subarray(0, 5)
      .toString('latin1');
  } catch {
    /* reported below */
  }
  if (head !== '%PDF-') report(context, path, missingPdf, { fil: file });
}

/** A document that is final (beslutad, justerad) may not still have fields to fill in. */
export function checkFinal(context: RuleContext, final: boolean, data: unknown): void {
  const count = countFillIns(data);
  if (final && count > 0) report(context, ['status'], fillInFinal, { count });
}
