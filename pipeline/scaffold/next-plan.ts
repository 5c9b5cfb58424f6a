import { parseDocument } from 'yaml';
import { addDays, daysBetween } from '../core/dates.ts';
import { dateOfIsoWeek, holidayOn, isoWeek } from '../core/holidays.ts';
import { createMessage, defineRule, type Message } from '../core/message.ts';
import type { Verksamhetsplan } from '../core/model.ts';

const movedOffHoliday = defineRule<{ from: string; to: string; holiday: string; day: string }>('scaffold/moved-off-holiday', 'warning', {
  sv: ({ from, to, holiday, day }) => ({
    reason: `Mötet ${from} skulle ha blivit ${day}, som är ${holiday}; det flyttades en vecka, till ${to}.`,
    fix: 'Kontrollera datumet med organets ordförande.',
  }),
  en: ({ from, to, holiday, day }) => ({
    reason: `The meeting of ${from} would have fallen on ${day}, which is ${holiday}; it was moved by a week, to ${to}.`,
    fix: "Check the date with the body's chair.",
  }),
});
const onHoliday = defineRule<{ from: string; day: string; holiday: string }>('scaffold/on-holiday', 'warning', {
  sv: ({ from, day, holiday }) => ({
    reason: `Mötet ${from} blev ${day}, som är ${holiday}, och samma dag veckan efter är inte heller fri.`,
    fix: 'Välj ett annat datum.',
  }),
  en: ({ from, day, holiday }) => ({
    reason: `The meeting of ${from} fell on ${day}, which is ${holiday}, and the same day the week after is not free either.`,
    fix: 'Choose another date.',
  }),
});

/** A scaffold: the text of the new source, and what to check in it (messages at paths within it, placed once it is written). */
export interface Scaffold {
  text: string;
  notes: Array<{ path: Array<string | number>; message: (file: string, at: (path: Array<string | number>) => { line: number; column: number }) => Message }>;
}

/**
 * Next year's plan from this year's, as a draft: the year and the plan's id
 * raised, status utkast, version 1, no decision, dated `today`; every meeting
 * of the calendar moved to the same weekday of the same week next year (a week
 * later or earlier where that day is a public holiday), with ids that say
 * which meeting of the calendar it is rather than its date; the chairs, their
 * election and the number of inhabitants left to be filled in. Everything
 * else (sections, activities, budget lines, bilagor, comments) is kept for
 * the kansli to rewrite; validation then points at text that names last year.
 */
export function nextPlan(text: string, plan: Verksamhetsplan, today: string): Scaffold {
  const doc = parseDocument(text);
  const year = plan.ar + 1;
  const notes: Scaffold['notes'] = [];
  doc.commentBefore = ` yaml-language-server: $schema=../../schemas/verksamhetsplan.schema.json\n\n Utkast till verksamhetsplan och budget ${year}, gjort ${today} ur planen för ${plan.ar} (handlingar next).\n Kvar att göra: fälten med ifylles, och texten som valideringen säger nämner ${plan.ar}.`;
  // The earlier plan's own header comment goes: the new one says what this file is.
  if (doc.contents && 'commentBefore' in doc.contents) doc.contents.commentBefore = null;
  const first = (doc.contents as { items?: Array<{ key?: { commentBefore?: string | null } }> } | null)?.items?.[0]?.key;
  if (first) first.commentBefore = null;
  doc.set('ar', year);
  doc.set('id', plan.id.includes(String(plan.ar)) ? plan.id.replaceAll(String(plan.ar), String(year)) : `${plan.id}-${year}`);
  doc.set('datum', today);
  doc.set('status', 'utkast');
  doc.set('version', 1);
  doc.delete('beslut');
  const fillIn = (what: string) => doc.createNode({ ifylles: what }, { flow: true });
  for (const [i, section] of plan.sektioner.entries()) {
    for (const [j, block] of section.innehall.entries()) {
      const at = ['sektioner', i, 'innehall', j];
      block.ordforandeskap?.forEach((o, k) => {
        const p = [...at, 'ordforandeskap', k];
        doc.setIn([...p, 'ordforande'], fillIn(`ordförande ${year}`));
        if (o.vice_ordforande !== undefined) doc.setIn([...p, 'vice_ordforande'], fillIn(`vice ordförande ${year}`));
        if (o.valda !== undefined) doc.setIn([...p, 'valda'], fillIn('dagen för valet'));
      });
      if (block.budget) {
        doc.setIn(
          [...at, 'budget', 'invanare'],
          doc.createNode(
            { antal: { ifylles: `invånare på Södertörn den 31 december ${plan.ar}` }, datum: { ifylles: 'dagen invånarna räknades' } },
            { flow: true },
          ),
        );
      }
      block.kalendarium?.rader.forEach((row, k) => {
        const p = [...at, 'kalendarium', 'rader', k];
        doc.setIn([...p, 'id'], `${block.kalendarium!.id}-${k + 1}`);
        // A meeting cancelled this year is not cancelled next year.
        if (row.installt) doc.deleteIn([...p, 'installt']);
        const moved = moveMeeting(row.datum, year);
        doc.setIn([...p, 'datum'], moved.date);
        // A meeting of several days keeps its length.
        if (row.till !== undefined) doc.setIn([...p, 'till'], addDays(moved.date, daysBetween(row.datum, row.till)));
        if (moved.holiday) {
          const params = { from: row.datum, to: moved.date, day: moved.wanted, holiday: moved.holiday };
          notes.push({
            path: [...p, 'datum'],
            message: (file, position) =>
              createMessage(moved.date === moved.wanted ? onHoliday : movedOffHoliday, params, { file, ...position([...p, 'datum']) }),
          });
        }
      });
    }
  }
  return { text: doc.toString({ lineWidth: 0 }), notes };
}

/**
 * A meeting's date next year: the same weekday in the same ISO week; where
 * that is a public holiday, the same day the week after (unless that is a
 * holiday too, or in another year: then the holiday is kept, and said).
 * `wanted` is the date of the same week, `holiday` what it is when it is one.
 */
export function moveMeeting(date: string, year: number): { date: string; wanted: string; holiday?: string } {
  const { week, weekday } = isoWeek(date);
  // The same week number, in the calendar year wanted (a week 1 or 52/53 at the turn of the year belongs to the year of its Thursday).
  const candidates = [dateOfIsoWeek(year, week, weekday), dateOfIsoWeek(year - 1, week, weekday), dateOfIsoWeek(year + 1, week, weekday)];
  // Near the turn of the year the same week may be a year off (1 January 2023 is in week 52 of 2022): then the same weekday a year on.
  const aYearOn = addDays(date, 364);
  let wanted = candidates.find((d) => Number(d.slice(0, 4)) === year && Math.abs(daysBetween(aYearOn, d)) <= 7) ?? aYearOn;
  while (Number(wanted.slice(0, 4)) < year) wanted = addDays(wanted, 7);
  while (Number(wanted.slice(0, 4)) > year) wanted = addDays(wanted, -7);
  const holiday = holidayOn(wanted);
  if (!holiday) return { date: wanted, wanted };
  const after = addDays(wanted, 7);
  return Number(after.slice(0, 4)) === year && !holidayOn(after) ? { date: after, wanted, holiday } : { date: wanted, wanted, holiday };
}
