import type { Budget, BudgetRad } from './model.ts';

/** A budget with every amount computed: the fee line from the fee per inhabitant, and the sums. */
export interface ComputedBudget {
  fee: number;
  income: Array<BudgetRad & { amount: number }>;
  costs: Array<BudgetRad & { amount: number }>;
  totalIncome: number;
  totalCosts: number;
}

/** The fee: kronor per inhabitant × inhabitants. */
export function computeFee(budget: Budget): number {
  return budget.avgift_per_invanare * budget.invanare.antal;
}

/** Computes every line and sum; a fee line (avgift: true) gets the computed fee, other lines their typed amount. */
export function computeBudget(budget: Budget): ComputedBudget {
  const fee = computeFee(budget);
  const withAmount = (line: BudgetRad) => ({ ...line, amount: line.avgift ? fee : (line.belopp ?? 0) });
  const income = budget.intakter.map(withAmount);
  const costs = budget.kostnader.map(withAmount);
  const sum = (lines: Array<{ amount: number }>) => lines.reduce((total, line) => total + line.amount, 0);
  return { fee, income, costs, totalIncome: sum(income), totalCosts: sum(costs) };
}
