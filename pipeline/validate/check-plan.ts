import { dirname, resolve } from 'node:path';
import { defineRule } from '../core/message.ts';
import { activityTables, type BilagaRef, type SharedSources, type Verksamhetsplan } from '../core/model.ts';
import { checkBlocks, checkNotAfter } from './check-blocks.ts';
import { checkPdfFile } from './check-pdf-bilaga.ts';
import { checkAttachedDocument, checkFinal } from './check-shared.ts';
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
const dateNotDecision = defineRule<{ date: string; decided: string }>('plan/date-not-decision', 'warning', {
  sv: ({ date, decided }) => ({
    reason: `Planen beslutades ${decided} men är daterad ${date}; namn och roller hämtas ur registret som det var på planens datum.`,
    fix: `Sätt datum: ${decided}, om inte planen ska ha ett annat datum.`,
  }),
  en: ({ date, decided }) => ({
    reason: `The plan was decided on ${decided} but is dated ${date}; names and roles are taken from the register as it was on the plan's date.`,
    fix: `Set datum: ${decided}, unless the plan should have another date.`,
  }),
});
const duplicateBudget = defineRule<{ count: number }>('budget/duplicate', 'error', {
  sv: ({ count }) => ({ reason: `Planen har ${count} budgetar; den ska ha högst en.`, fix: 'Slå ihop budgetarna till en.' }),
  en: ({ count }) => ({ reason: `The plan has ${count} budgets; it may have at most one.`, fix: 'Merge the budgets into one.' }),
});
const bilagaSource = defineRule<{ title: string; count: number }>('bilaga/source', 'error', {
  sv: ({ title, count }) => ({
    reason: `Bilagan "${title}" ska ha exakt ett av fil, innehall, pdf och dokument, men har ${count === 0 ? 'inget' : count}.`,
    fix: 'Skriv fil: med sökvägen till en bilagefil, innehall: med bilagans text, pdf: med sökvägen till en PDF, eller dokument: med id för ett annat dokument i projektet.',
  }),
  en: ({ title, count }) => ({
    reason: `The bilaga "${title}" must have exactly one of fil, innehall, pdf and dokument, but has ${count}.`,
    fix: 'Write fil: with the path of a bilaga file, innehall: with its text, pdf: with the path of a PDF, or dokument: with the id of another document of the project.',
  }),
});
const pdfOrder = defineRule<{ title: string }>('bilaga/pdf-order', 'error', {
  sv: ({ title }) => ({
    reason: `Bilagan "${title}" (en PDF eller ett annat dokument) står före en skriven bilaga. Sådana bilagor läggs sist i dokumentet, så de måste stå sist i listan.`,
    fix: 'Flytta PDF-bilagorna och dokumenten sist bland bilagorna.',
  }),
  en: ({ title }) => ({
    reason: `The bilaga "${title}" (a PDF or another document) comes before a written one. Such bilagor are appended at the end, so they must come last.`,
    fix: 'Move the PDF bilagor and documents to the end of the list.',
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

const draftWithDecision = defineRule<{ organ: string; date: string }>('plan/draft-with-decision', 'error', {
  sv: ({ organ, date }) => ({
    reason: `Planen är ett utkast men har ett beslut (${organ} ${date}), kanske kvar från planen den gjordes ur.`,
    fix: 'Ta bort beslut tills planen är beslutad; sätt då status: beslutad och skriv in det nya beslutet.',
  }),
  en: ({ organ, date }) => ({
    reason: `The plan is a draft but has a decision (${organ} ${date}), perhaps left from the plan it was made from.`,
    fix: 'Remove beslut until the plan is decided; then set status: beslutad and write in the new decision.',
  }),
});
const previousYear = defineRule<{ mentioned: string; year: number }>('plan/previous-year', 'warning', {
  sv: ({ mentioned, year }) => ({
    reason: `Texten nämner ${mentioned}, som ligger före planens år ${year}: den kan vara kvar från förra årets plan.`,
    fix: `Kontrollera att texten gäller ${year} och skriv om den; står årtalet där med avsikt kan varningen lämnas.`,
  }),
  en: ({ mentioned, year }) => ({
    reason: `The text names ${mentioned}, which is before the plan's year ${year}: it may be left from last year's plan.`,
    fix: `Check that the text is about ${year} and rewrite it; if the year is meant, the warning can be left.`,
  }),
});

/**
 * In a draft, every text of the plan's own sections that names the year
 * before the plan's, or a range of years that ended before it ("2022–2023"
 * in a plan for 2024): a plan written from last year's keeps such text
 * unless someone rewrites it. Bilagor (agreements, programmes) are left out:
 * they name their own years.
 */
function checkPreviousYear(context: RuleContext, plan: Verksamhetsplan): void {
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === 'string') {
      const stale = staleYears(value, plan.ar);
      if (stale.length > 0) report(context, path, previousYear, { mentioned: stale.join(', '), year: plan.ar });
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, i]);
    } else if (typeof value === 'object' && value !== null) {
      // Ids, dates and references are data, not text: only what is read is looked at.
      for (const [key, v] of Object.entries(value)) if (!notText.has(key)) walk(v, [...path, key]);
    }
  };
  walk(plan.sektioner, ['sektioner']);
}

const notText = new Set(['id', 'datum', 'fran', 'till', 'valda', 'avgiftsbeslut', 'invanare']);

/** The years in a text that are the year before `year` ("2023", "VP2023"), or ranges that ended before it ("2022–2023"); each once. */
function staleYears(text: string, year: number): string[] {
  const stale = new Set<string>();
  for (const match of text.matchAll(/(?<!\d)((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?!\d)/g)) {
    const last = Number(match[2] ?? match[1]);
    if (match[2] ? last < year : last === year - 1) stale.add(match[0]);
  }
  return [...stale];
}

/** A plan's decision, its one budget, its content blocks and its bilagor (each from exactly one place, PDFs last). */
export function checkPlan(context: RuleContext, plan: Verksamhetsplan, shared: SharedSources): void {
  const document = { year: plan.ar, date: plan.datum };
  checkReference(context, ['utgivare'], plan.utgivare, 'organ');
  if (plan.beslut) {
    checkReference(context, ['beslut', 'organ'], plan.beslut.organ, 'organ');
    checkNotAfter(context, ['beslut', 'datum'], plan.beslut.datum, plan.datum, 'beslut');
    // Names and roles are those of the document's date: a decided plan dated another day than its decision prints another register.
    if (plan.status === 'beslutad' && plan.beslut.datum !== plan.datum)
      report(context, ['datum'], dateNotDecision, { date: plan.datum, decided: plan.beslut.datum });
  } else if (plan.status === 'beslutad') {
    report(context, ['status'], missingDecision, {});
  }
  checkFinal(context, plan.status === 'beslutad', plan);
  if (plan.status === 'utkast') {
    if (plan.beslut) report(context, ['beslut'], draftWithDecision, { organ: plan.beslut.organ, date: plan.beslut.datum });
    checkPreviousYear(context, plan);
  }
  let budgets = 0;
  const goals = activityTables(plan.sektioner.flatMap((s) => s.innehall));
  plan.sektioner.forEach((s, i) => {
    budgets += checkBlocks(context, s.innehall, ['sektioner', i, 'innehall'], document, goals);
  });
  if (budgets > 1) report(context, ['sektioner'], duplicateBudget, { count: budgets });
  plan.bilagor?.forEach((b, i) => {
    const title = b.titel ?? b.dokument ?? b.id;
    const count = [b.fil, b.innehall, b.pdf, b.dokument].filter((x) => x !== undefined).length;
    if (count !== 1) report(context, ['bilagor', i], bilagaSource, { title, count });
    if (b.pdf !== undefined) checkPdfFile(context, ['bilagor', i, 'pdf'], b.pdf);
    if (b.dokument !== undefined) checkAttachedDocument(context, ['bilagor', i, 'dokument'], b.dokument, shared, plan.id);
    checkBilagaPlace(context, plan.bilagor!, i, title, shared);
    if (b.innehall) checkBlocks(context, b.innehall, ['bilagor', i, 'innehall'], document);
  });
}

/** A bilaga that is appended after the document: a PDF, or another document of the project. */
const appended = (b: Pick<BilagaRef, 'pdf' | 'dokument'>) => b.pdf !== undefined || b.dokument !== undefined;

/**
 * What a plan's and an ärende's bilagor share: a bilaga file (fil) is there,
 * and the appended ones (PDF, document) come last, since the numbers follow
 * the list and those pages are put after the document's own.
 */
export function checkBilagaPlace(
  context: RuleContext,
  bilagor: ReadonlyArray<Pick<BilagaRef, 'fil' | 'pdf' | 'dokument'>>,
  i: number,
  title: string,
  shared: SharedSources,
): void {
  const b = bilagor[i]!;
  if (appended(b) && !bilagor.slice(i + 1).every(appended)) report(context, ['bilagor', i], pdfOrder, { title });
  // A bilaga file that exists but is broken is reported in its own file, instead of here as missing.
  const file = b.fil === undefined ? undefined : resolve(dirname(context.source.absolutePath), b.fil);
  if (file && !shared.bilagaFiles.has(file) && !shared.unusable.has(file)) report(context, ['bilagor', i, 'fil'], missingFile, { fil: b.fil! });
}
