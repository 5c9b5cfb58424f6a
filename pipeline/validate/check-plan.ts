import { dirname, resolve } from 'node:path';
import { defineRule } from '../core/message.ts';
import type { SharedSources, Verksamhetsplan } from '../core/model.ts';
import { checkBlocks, checkNotAfter } from './check-blocks.ts';
import { checkPdfFile } from './check-pdf-bilaga.ts';
import { checkReference, type RuleContext, report } from './rule-context.ts';

const missingDecision = defineRule('plan/missing-decision', 'error', {
  sv: () => ({
    reason: 'Planen är beslutad men det står inte vem som beslutade den och när.',
    fix: 'Lägg till beslut: { organ: samarbetskommitten, datum: ÅÅÅÅ-MM-DD }, eller ändra status till utkast.',
  }),
  en: () => ({
    reason: 'The plan is decided, but who decided it and when is not given.',
    fix: 'Add beslut: { organ: samarbetskommitten, datum: YYYY-MM-DD }, or set status to utkast.',
  }),
});
const duplicateBudget = defineRule<{ count: number }>('budget/duplicate', 'error', {
  sv: ({ count }) => ({ reason: `Planen har ${count} budgetar; den ska ha högst en.`, fix: 'Slå ihop budgetarna till en.' }),
  en: ({ count }) => ({ reason: `The plan has ${count} budgets; it may have at most one.`, fix: 'Merge the budgets into one.' }),
});
const bilagaSource = defineRule<{ title: string; count: number }>('bilaga/source', 'error', {
  sv: ({ title, count }) => ({
    reason: `Bilagan "${title}" ska ha exakt ett av fil, innehall och pdf, men har ${count === 0 ? 'inget' : count}.`,
    fix: 'Skriv fil: med sökvägen till en bilagefil, innehall: med bilagans text, eller pdf: med sökvägen till en PDF.',
  }),
  en: ({ title, count }) => ({
    reason: `The bilaga "${title}" must have exactly one of fil, innehall and pdf, but has ${count}.`,
    fix: 'Write fil: with the path of a bilaga file, innehall: with its text, or pdf: with the path of a PDF.',
  }),
});
const pdfOrder = defineRule<{ title: string }>('bilaga/pdf-order', 'error', {
  sv: ({ title }) => ({
    reason: `PDF-bilagan "${title}" står före en skriven bilaga. PDF-bilagor läggs sist i dokumentet, så de måste stå sist i listan.`,
    fix: 'Flytta PDF-bilagorna sist bland bilagorna.',
  }),
  en: ({ title }) => ({
    reason: `The PDF bilaga "${title}" comes before a written one. PDF bilagor are appended at the end, so they must come last.`,
    fix: 'Move the PDF bilagor to the end of the list.',
  }),
});
const missingFile = defineRule<{ fil: string }>('bilaga/missing-file', 'error', {
  sv: ({ fil }) => ({
    reason: `Bilagefilen "${fil}" finns inte, eller är inte en bilaga (typ: bilaga).`,
    fix: 'Kontrollera sökvägen; den räknas från mappen där denna fil ligger.',
  }),
  en: ({ fil }) => ({
    reason: `The bilaga file "${fil}" does not exist, or is not a bilaga (typ: bilaga).`,
    fix: 'Check the path; it is relative to the folder of this file.',
  }),
});

/** A plan's decision, its one budget, its content blocks and its bilagor (each from exactly one place, PDFs last). */
export function checkPlan(context: RuleContext, plan: Verksamhetsplan, shared: SharedSources): void {
  const document = { year: plan.ar, date: plan.datum };
  checkReference(context, ['utgivare'], plan.utgivare, 'organ');
  if (plan.beslut) {
    checkReference(context, ['beslut', 'organ'], plan.beslut.organ, 'organ');
    checkNotAfter(context, ['beslut', 'datum'], plan.beslut.datum, plan.datum, 'beslut');
  } else if (plan.status === 'beslutad') {
    report(context, ['status'], missingDecision, {});
  }
  let budgets = 0;
  plan.sektioner.forEach((s, i) => {
    budgets += checkBlocks(context, s.innehall, ['sektioner', i, 'innehall'], document);
  });
  if (budgets > 1) report(context, ['sektioner'], duplicateBudget, { count: budgets });
  plan.bilagor?.forEach((b, i) => {
    const count = [b.fil, b.innehall, b.pdf].filter((x) => x !== undefined).length;
    if (count !== 1) report(context, ['bilagor', i], bilagaSource, { title: b.titel, count });
    if (b.pdf !== undefined) checkPdfFile(context, ['bilagor', i, 'pdf'], b.pdf);
    if (b.pdf !== undefined && plan.bilagor!.slice(i + 1).some((later) => later.pdf === undefined))
      report(context, ['bilagor', i], pdfOrder, { title: b.titel });
    if (b.innehall) checkBlocks(context, b.innehall, ['bilagor', i, 'innehall'], document);
    if (b.fil !== undefined && !shared.bilagaFiles.has(resolve(dirname(context.source.absolutePath), b.fil))) {
      report(context, ['bilagor', i, 'fil'], missingFile, { fil: b.fil });
    }
  });
}
