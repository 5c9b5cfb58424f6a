import { type ComputedBudget, computeBudget, computeFee, municipalityFees } from '../core/budget.ts';
import { formatAmount, formatNumber } from '../core/format.ts';
import { defineRule } from '../core/message.ts';
import { type Budget, isFillIn } from '../core/model.ts';
import type { PathSegment } from '../load/source-file.ts';
import { type RuleContext, report } from './rule-context.ts';

const feeMismatch = defineRule<{ typed: number; perCapita: number; inhabitants: number; computed: number }>('budget/fee-mismatch', 'error', {
  sv: ({ typed, perCapita, inhabitants, computed }) => ({
    reason: `Avgiften är ${formatAmount(typed)}, men ${perCapita} kr × ${formatNumber(inhabitants)} invånare = ${formatAmount(computed)} (skillnad ${formatAmount(Math.abs(typed - computed))}).`,
    fix: 'Ta bort beloppet; avgiften räknas ut av avgift_per_invanare och invanare.',
  }),
  en: ({ typed, perCapita, inhabitants, computed }) => ({
    reason: `The fee is ${formatAmount(typed)}, but ${perCapita} kr × ${formatNumber(inhabitants)} inhabitants = ${formatAmount(computed)} (difference ${formatAmount(Math.abs(typed - computed))}).`,
    fix: 'Remove the amount; the fee is computed from avgift_per_invanare and invanare.',
  }),
});
const missingAmount = defineRule<{ text: string }>('budget/missing-amount', 'error', {
  sv: ({ text }) => ({
    reason: `Budgetraden "${text}" saknar belopp.`,
    fix: 'Lägg till belopp: med beloppet i hela kronor, eller avgift: true för raden med kommunernas avgifter.',
  }),
  en: ({ text }) => ({
    reason: `The budget line "${text}" has no amount.`,
    fix: "Add belopp: with the amount in whole kronor, or avgift: true on the municipalities' fee line.",
  }),
});
const totalMismatch = defineRule<{ side: 'intakter' | 'kostnader'; typed: number; computed: number }>('budget/total-mismatch', 'error', {
  sv: ({ side, typed, computed }) => ({
    reason: `Summan för ${side === 'intakter' ? 'intäkter' : 'kostnader'} är inskriven som ${formatAmount(typed)}, men raderna blir tillsammans ${formatAmount(computed)} (skillnad ${formatAmount(Math.abs(typed - computed))}).`,
    fix: 'Ta bort den inskrivna summan (den räknas ut), eller rätta beloppen på raderna.',
  }),
  en: ({ side, typed, computed }) => ({
    reason: `The total of ${side === 'intakter' ? 'income' : 'costs'} is typed as ${formatAmount(typed)}, but the lines add up to ${formatAmount(computed)} (difference ${formatAmount(Math.abs(typed - computed))}).`,
    fix: 'Remove the typed total (it is computed), or correct the amounts of the lines.',
  }),
});
const totalAsLine = defineRule<{ side: 'intakter' | 'kostnader'; text: string; others: number }>('budget/total-as-line', 'error', {
  sv: ({ side, text, others }) => ({
    reason: `Raden "${text}" är lika stor som de andra ${side === 'intakter' ? 'intäkterna' : 'kostnaderna'} tillsammans (${formatAmount(others)}): en inskriven summa räknas med en gång till.`,
    fix: 'Ta bort raden; summan räknas ut och skrivs ut under raderna.',
  }),
  en: ({ side, text, others }) => ({
    reason: `The line "${text}" equals the other ${side === 'intakter' ? 'income' : 'cost'} lines together (${formatAmount(others)}): a typed total is counted once more.`,
    fix: 'Remove the line; the total is computed and printed below the lines.',
  }),
});
const unbalanced = defineRule<{ income: number; costs: number }>('budget/unbalanced', 'warning', {
  sv: ({ income, costs }) => ({
    reason: `Budgeten går inte jämnt ut: intäkter ${formatAmount(income)}, kostnader ${formatAmount(costs)} (${income > costs ? 'överskott' : 'underskott'} ${formatAmount(Math.abs(income - costs))}).`,
    fix: 'Kontrollera beloppen om budgeten ska balansera.',
  }),
  en: ({ income, costs }) => ({
    reason: `The budget does not balance: income ${formatAmount(income)}, costs ${formatAmount(costs)} (${income > costs ? 'surplus' : 'deficit'} ${formatAmount(Math.abs(income - costs))}).`,
    fix: 'Check the amounts if the budget should balance.',
  }),
});

/**
 * Amounts that are computed must not be typed differently: a typed fee or sum
 * that disagrees with the computed one is an error naming both and the
 * difference, and a total typed as a line of its own is an error.
 */
export function checkBudget(context: RuleContext, budget: Budget, path: readonly PathSegment[]): void {
  const fee = computeFee(budget);
  for (const [list, lines] of [
    ['intakter', budget.intakter],
    ['kostnader', budget.kostnader],
  ] as const) {
    lines.forEach((line, i) => {
      const at = [...path, list, i];
      if (line.avgift && line.belopp !== undefined && fee !== undefined && line.belopp !== fee) {
        report(context, [...at, 'belopp'], feeMismatch, {
          typed: line.belopp,
          perCapita: budget.avgift_per_invanare,
          inhabitants: budget.invanare.antal as number,
          computed: fee,
        });
      }
      if (!line.avgift && line.belopp === undefined) report(context, at, missingAmount, { text: line.text });
    });
  }
  checkMunicipalityCounts(context, budget, path);
  const computed = computeBudget(budget);
  const totalTyped = checkTotalsAsLines(context, computed, path);
  // Sums that depend on inhabitants still to be filled in are checked once they are there.
  if (computed.totalIncome === undefined || computed.totalCosts === undefined) return;
  if (budget.summa_intakter !== undefined && budget.summa_intakter !== computed.totalIncome) {
    report(context, [...path, 'summa_intakter'], totalMismatch, { side: 'intakter', typed: budget.summa_intakter, computed: computed.totalIncome });
  }
  if (budget.summa_kostnader !== undefined && budget.summa_kostnader !== computed.totalCosts) {
    report(context, [...path, 'summa_kostnader'], totalMismatch, { side: 'kostnader', typed: budget.summa_kostnader, computed: computed.totalCosts });
  }
  // A total typed as a line unbalances the budget by itself: said once, as that.
  if (computed.totalIncome !== computed.totalCosts && !totalTyped) {
    report(context, path, unbalanced, { income: computed.totalIncome, costs: computed.totalCosts });
  }
}

/**
 * A line whose amount is the sum of the two or more other lines on its side,
 * and which either is named as a total ("Summa kostnader", "Totalt") or
 * alone keeps the budget from balancing: a total copied in as a line (from
 * last year's PDF). A line that only happens to equal the others is none.
 * Says whether there was one.
 */
function checkTotalsAsLines(context: RuleContext, computed: ComputedBudget, path: readonly PathSegment[]): boolean {
  let found = false;
  for (const [side, lines, total, otherSide] of [
    ['intakter', computed.income, computed.totalIncome, computed.totalCosts],
    ['kostnader', computed.costs, computed.totalCosts, computed.totalIncome],
  ] as const) {
    // A side's total is computed once every line's amount is known.
    if (lines.length < 3 || total === undefined) continue;
    lines.forEach((line, i) => {
      const others = total - line.amount!;
      if (line.amount !== others || others === 0) return;
      const named = /^\s*(summa|totalt?)\b/i.test(line.text);
      if (!named && !(total !== otherSide && others === otherSide)) return;
      report(context, [...path, side, i], totalAsLine, { side, text: line.text, others });
      found = true;
    });
  }
  return found;
}

const inhabitantsDiffer = defineRule<{ register: string; counted: number; day: string; plan: number }>('budget/inhabitants-differ', 'warning', {
  sv: ({ register, counted, day, plan }) => ({
    reason: `Kommunernas invånare i registret (${register}) blir tillsammans ${formatNumber(counted)} den ${day}, men planen anger ${formatNumber(plan)}.`,
    fix: 'Kontrollera invånarantalet här och kommunernas antal i registret; båda skrivs ut som de står.',
  }),
  en: ({ register, counted, day, plan }) => ({
    reason: `The municipalities' inhabitants in the register (${register}) add up to ${formatNumber(counted)} on ${day}, but the plan says ${formatNumber(plan)}.`,
    fix: "Check the number here and the municipalities' counts in the register; both are printed as they stand.",
  }),
});
const missingCounts = defineRule<{ register: string; day: string; missing: string }>('budget/no-inhabitants', 'error', {
  sv: ({ register, day, missing }) => ({
    reason: `Avgiften per kommun kan inte räknas ut: registret (${register}) har inget invånarantal den ${day} för ${missing}.`,
    fix: `Lägg till invanare: [{ antal: …, datum: ${day} }] för dem i registret, eller ta bort avgift_per_kommun.`,
  }),
  en: ({ register, day, missing }) => ({
    reason: `The fee per municipality cannot be computed: the register (${register}) has no count of inhabitants on ${day} for ${missing}.`,
    fix: `Add invanare: [{ antal: …, datum: ${day} }] for them to the register, or remove avgift_per_kommun.`,
  }),
});

/**
 * The register's inhabitants per municipality, on the plan's day, against the
 * plan: every municipality counted when the plan shows each one's fee, and
 * the counts adding up to the plan's total whenever the register has them all.
 */
function checkMunicipalityCounts(context: RuleContext, budget: Budget, path: readonly PathSegment[]): void {
  const fees = municipalityFees(budget, context.register);
  if (!fees) return;
  const register = context.registerSource?.path ?? 'registret';
  const day = budget.invanare.datum as string;
  const missing = fees.filter((f) => f.inhabitants === undefined);
  if (budget.avgift_per_kommun && missing.length > 0) {
    const names = missing.map((f) => context.register.kommuner.find((k) => k.id === f.id)!.kommun);
    report(context, [...path, 'avgift_per_kommun'], missingCounts, { register, day, missing: names.join(', ') });
  }
  const counted = fees.reduce((n, f) => n + (f.inhabitants ?? 0), 0);
  if (missing.length === 0 && !isFillIn(budget.invanare.antal) && counted !== budget.invanare.antal) {
    report(context, [...path, 'invanare', 'antal'], inhabitantsDiffer, { register, counted, day, plan: budget.invanare.antal });
  }
}
