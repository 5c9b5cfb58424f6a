import { defineRule } from '../core/message.ts';
import type { Register } from '../core/model.ts';
import { checkReference, type RuleContext, report } from './rule-context.ts';

const duplicatePerson = defineRule<{ name: string; firstId: string }>('register/duplicate-person', 'error', {
  sv: ({ name, firstId }) => ({
    reason: `${name} finns redan i registret (id "${firstId}").`,
    fix: 'En person registreras en gång; hänvisa till det befintliga id:t och ta bort denna post.',
  }),
  en: ({ name, firstId }) => ({
    reason: `${name} is already in the register (id "${firstId}").`,
    fix: 'Register a person once; refer to the existing id and remove this entry.',
  }),
});

const periodOrder = defineRule<{ from: string; to: string }>('register/period-order', 'error', {
  sv: ({ from, to }) => ({ reason: `Perioden slutar (${to}) innan den börjar (${from}).`, fix: 'Rätta datumen: fran är första dagen, till den sista.' }),
  en: ({ from, to }) => ({ reason: `The period ends (${to}) before it begins (${from}).`, fix: 'Correct the dates: fran is the first day, till the last.' }),
});
const periodOverlap = defineRule<{ name: string; other: number }>('register/period-overlap', 'error', {
  sv: ({ name, other }) => ({
    reason: `Perioden överlappar period ${other} för ${name}: det går inte att avgöra vad som gällde de dagarna.`,
    fix: 'Låt den ena perioden sluta (till) dagen innan den andra börjar (fran).',
  }),
  en: ({ name, other }) => ({
    reason: `The period overlaps period ${other} of ${name}: what held on those days cannot be told.`,
    fix: 'Let one period end (till) the day before the other begins (fran).',
  }),
});

/** Each person is in the register once, their municipality and body are in it too, and their periods follow each other. */
export function checkRegister(context: RuleContext, r: Register): void {
  r.personer.forEach((p, i) => {
    const first = r.personer.findIndex((q) => q.namn.toLowerCase() === p.namn.toLowerCase());
    if (first !== i) report(context, ['personer', i, 'namn'], duplicatePerson, { name: p.namn, firstId: r.personer[first]!.id });
    checkReference(context, ['personer', i, 'kommun'], p.kommun, 'kommun');
    checkReference(context, ['personer', i, 'organ'], p.organ, 'organ');
    const periods = p.perioder ?? [];
    periods.forEach((period, j) => {
      const at = ['personer', i, 'perioder', j];
      checkReference(context, [...at, 'kommun'], period.kommun, 'kommun');
      checkReference(context, [...at, 'organ'], period.organ, 'organ');
      if (period.till !== undefined && period.till < period.fran) report(context, [...at, 'till'], periodOrder, { from: period.fran, to: period.till });
      const other = periods.findIndex((q, k) => k < j && q.fran <= (period.till ?? '9999-12-31') && period.fran <= (q.till ?? '9999-12-31'));
      if (other >= 0) report(context, [...at, 'fran'], periodOverlap, { name: p.namn, other: other + 1 });
    });
  });
}
