import { defineRule } from '../core/message.ts';
import { countFillIns } from '../core/model.ts';
import { type RuleContext, report } from './rule-context.ts';

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

/** A document that is final (beslutad, justerad) may not still have fields to fill in. */
export function checkFinal(context: RuleContext, final: boolean, data: unknown): void {
  const count = countFillIns(data);
  if (final && count > 0) report(context, ['status'], fillInFinal, { count });
}
