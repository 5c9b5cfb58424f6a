import { defineRule } from '../core/message.ts';
import { countFillIns, type Tid } from '../core/model.ts';
import type { PathSegment } from '../load/source-file.ts';
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

const endBeforeStart = defineRule<{ start: string; end: string }>('time/end-before-start', 'error', {
  sv: ({ start, end }) => ({
    reason: `Mötet slutar ${end}, inte efter att det börjar ${start}.`,
    fix: 'Rätta start eller slut (TT:MM med 24-timmarsklocka, t.ex. start: "13:00", slut: "15:00").',
  }),
  en: ({ start, end }) => ({
    reason: `The meeting ends at ${end}, not after it starts at ${start}.`,
    fix: 'Correct start or slut (HH:MM on a 24-hour clock, e.g. start: "13:00", slut: "15:00").',
  }),
});

/** A meeting's time ends after it starts (TT:MM compares as text). */
export function checkTime(context: RuleContext, tid: Tid | undefined, path: readonly PathSegment[]): void {
  if (tid && tid.slut <= tid.start) report(context, [...path, 'slut'], endBeforeStart, { start: tid.start, end: tid.slut });
}
