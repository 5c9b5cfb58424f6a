import { type Budget, type BudgetRad, isFillIn, type Register, type Verksamhetsplan } from './model.ts';

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

/** One municipality's part of the fee: its inhabitants on the plan's date for them, and the fee they make. */
export interface MunicipalityFee {
  id: string;
  /** The register's count on the day the plan counts inhabitants; none when the register has no count for that day. */
  inhabitants?: number;
  fee?: number;
}

/**
 * Each municipality's fee, kronor per inhabitant × its inhabitants as the
 * register counts them on the plan's day (budget.invanare.datum). None while
 * the plan leaves that day to be filled in.
 */
export function municipalityFees(budget: Budget, register: Register): MunicipalityFee[] | undefined {
  const day = budget.invanare.datum;
  if (isFillIn(day)) return undefined;
  return register.kommuner.map((k) => {
    const inhabitants = k.invanare?.find((count) => count.datum === day)?.antal;
    return inhabitants === undefined ? { id: k.id } : { id: k.id, inhabitants, fee: inhabitants * budget.avgift_per_invanare };
  });
}

/** The budget of a plan: in the first section block that has one. */
export function budgetOf(plan: Verksamhetsplan): Budget | undefined {
  for (const section of plan.sektioner) for (const block of section.innehall) if (block.budget) return block.budget;
  return undefined;
}
