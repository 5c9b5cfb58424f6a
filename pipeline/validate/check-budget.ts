import type { PathSegment } from '../load/source-file.ts';
import type { Budget } from '../model.ts';
import { computeBudget, computeFee } from '../prepare/budget.ts';
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
          { typed: line.belopp, perCapita: budget.avgift_per_invanare, inhabitants: budget.invanare.antal, computed: fee });
      }
      if (!line.avgift && line.belopp === undefined) report(context, at, 'budget/missing-amount', { text: line.text });
    });
  }
  const computed = computeBudget(budget);
  if (budget.summa_intakter !== undefined && budget.summa_intakter !== computed.totalIncome) {
    report(context, [...path, 'summa_intakter'], 'budget/total-mismatch', { side: 'intakter', typed: budget.summa_intakter, computed: computed.totalIncome });
  }
  if (budget.summa_kostnader !== undefined && budget.summa_kostnader !== computed.totalCosts) {
    report(context, [...path, 'summa_kostnader'], 'budget/total-mismatch', { side: 'kostnader', typed: budget.summa_kostnader, computed: computed.totalCosts });
  }
  if (computed.totalIncome !== computed.totalCosts) {
    report(context, path, 'budget/unbalanced', { income: computed.totalIncome, costs: computed.totalCosts });
  }
}
