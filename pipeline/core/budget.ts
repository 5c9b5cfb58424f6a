import { type Budget, type BudgetRad, isFillIn } from './model.ts';

/**
 * A budget with every amount computed: the fee line from the fee per
 * inhabitant, and the sums. While a draft leaves the number of inhabitants
 * to be filled in, the fee, and every sum it is part of, are undefined.
 */
export interface ComputedBudget {
  fee?: number;
  income: Array<BudgetRad & { amount?: number }>;
  costs: Array<BudgetRad & { amount?: number }>;
  totalIncome?: number;
  totalCosts?: number;
}

/** The fee: kronor per inhabitant × inhabitants; undefined while the inhabitants are to be filled in. */
export function computeFee(budget: Budget): number | undefined {
  return isFillIn(budget.invanare.antal) ? undefined : budget.avgift_per_invanare * budget.invanare.antal;
}

/** Computes every line and sum; a fee line (avgift: true) gets the computed fee, other lines their typed amount. */
export function computeBudget(budget: Budget): ComputedBudget {
  const fee = computeFee(budget);
  const withAmount = (line: BudgetRad): BudgetRad & { amount?: number } => {
    const amount = line.avgift ? fee : (line.belopp ?? 0);
    return amount === undefined ? { ...line } : { ...line, amount };
  };
  const income = budget.intakter.map(withAmount);
  const costs = budget.kostnader.map(withAmount);
  const sum = (lines: Array<{ amount?: number }>) =>
    lines.every((line) => line.amount !== undefined) ? lines.reduce((total, line) => total + line.amount!, 0) : undefined;
  const totalIncome = sum(income);
  const totalCosts = sum(costs);
  return {
    ...(fee !== undefined && { fee }),
    income,
    costs,
    ...(totalIncome !== undefined && { totalIncome }),
    ...(totalCosts !== undefined && { totalCosts }),
  };
}
