import type { Verksamhetsplan } from '../../pipeline/core/model.ts';

/**
 * A plan `factor` times the size of `plan`: every activity table's rows
 * repeated, each copy numbered in its text. With `renamed`, every id of an
 * activity is different and one word of each text is changed, as when a
 * year's plan is rewritten: nothing pairs by id, everything by content.
 */
export function scaledPlan(plan: Verksamhetsplan, factor: number, renamed: boolean): Verksamhetsplan {
  const copy = structuredClone(plan);
  for (const section of copy.sektioner) {
    for (const block of section.innehall) {
      if (!block.aktiviteter) continue;
      block.aktiviteter.rader = block.aktiviteter.rader.flatMap((row) =>
        Array.from({ length: factor }, (_, k) => ({
          ...row,
          id: renamed ? `${row.id}-ny-${k}` : `${row.id}-${k}`,
          aktivitet: `${renamed ? row.aktivitet.replace(/^(\S+)/, 'Fortsatt') : row.aktivitet} (del ${k + 1})`,
        })),
      );
    }
  }
  return copy;
}
