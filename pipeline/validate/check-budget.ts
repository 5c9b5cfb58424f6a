import type { PathSegment } from '../load/source-file.ts';
import type { Budget } from '../model.ts';
import { computeBudget, computeFee } from '../prepare/budget.ts';
import { formatAmount, formatNumber } from '../prepare/format.ts';
import { report, type RuleContext } from './rule-context.ts';

/**
 * Amounts that are computed must not be typed differently: a typed fee or sum
 * that disagrees with the computed one is an error naming both and the difference.
 */
export function checkBudget(context: RuleContext, budget: Budget, path: readonly PathSegment[]): void {
  const fee = computeFee(budget);
  for (const [list, lines] of [['intakter', budget.intakter], ['kostnader', budget.kostnader]] as const) {
    lines.forEach((line, i) => {
      const at = [...path, list, i];
      if (line.avgift && line.belopp !== undefined && line.belopp !== fee) {
        report(context, [...at, 'belopp'], 'budget/fee-mismatch',
          `Avgiften är ${formatAmount(line.belopp)}, men ${budget.avgift_per_invanare} kr × ${formatNumber(budget.invanare.antal)} invånare = ${formatAmount(fee)} (skillnad ${formatAmount(Math.abs(line.belopp - fee))}).`,
          'Ta bort beloppet; avgiften räknas ut av avgift_per_invanare och invanare.');
      }
      if (!line.avgift && line.belopp === undefined) {
        report(context, at, 'budget/missing-amount', `Budgetraden "${line.text}" saknar belopp.`,
          'Lägg till belopp: med beloppet i hela kronor, eller avgift: true för raden med kommunernas avgifter.');
      }
    });
  }
  const computed = computeBudget(budget);
  checkSum(context, [...path, 'summa_intakter'], 'intäkter', budget.summa_intakter, computed.totalIncome);
  checkSum(context, [...path, 'summa_kostnader'], 'kostnader', budget.summa_kostnader, computed.totalCosts);
  if (computed.totalIncome !== computed.totalCosts) {
    const diff = computed.totalIncome - computed.totalCosts;
    report(context, path, 'budget/unbalanced',
      `Budgeten går inte jämnt ut: intäkter ${formatAmount(computed.totalIncome)}, kostnader ${formatAmount(computed.totalCosts)} (${diff > 0 ? 'överskott' : 'underskott'} ${formatAmount(Math.abs(diff))}).`,
      'Kontrollera beloppen om budgeten ska balansera.', 'warning');
  }
}

function checkSum(context: RuleContext, path: readonly PathSegment[], what: string, typed: number | undefined, computed: number): void {
  if (typed === undefined || typed === computed) return;
  report(context, path, 'budget/total-mismatch',
    `Summan för ${what} är inskriven som ${formatAmount(typed)}, men raderna blir tillsammans ${formatAmount(computed)} (skillnad ${formatAmount(Math.abs(typed - computed))}).`,
    'Ta bort den inskrivna summan (den räknas ut), eller rätta beloppen på raderna.');
}
