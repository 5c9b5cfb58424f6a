import { weekdayOf } from '../core/format.ts';
import { holidayOn } from '../core/holidays.ts';
import { defineRule } from '../core/message.ts';
import type { Kalendarium } from '../core/model.ts';
import type { PathSegment } from '../load/source-file.ts';
import { checkTime } from './check-shared.ts';
import { type RuleContext, report } from './rule-context.ts';

const order = defineRule<{ date: string; previous: string }>('calendar/order', 'error', {
  sv: ({ date, previous }) => ({
    reason: `Mötet ${date} står efter ${previous}; kalendariet ska vara i datumordning.`,
    fix: 'Flytta raden så att datumen kommer i ordning.',
  }),
  en: ({ date, previous }) => ({
    reason: `The meeting on ${date} comes after ${previous}; the calendar must be in date order.`,
    fix: 'Move the line so that the dates are in order.',
  }),
});
const range = defineRule<{ from: string; to: string }>('calendar/range', 'error', {
  sv: ({ from, to }) => ({ reason: `Slutdagen ${to} är inte efter första dagen ${from}.`, fix: 'Rätta till eller datum.' }),
  en: ({ from, to }) => ({ reason: `The last day ${to} is not after the first day ${from}.`, fix: 'Correct till or datum.' }),
});
const year = defineRule<{ date: string; year: number }>('calendar/year', 'warning', {
  sv: ({ date, year }) => ({ reason: `Mötet ${date} ligger inte under ${year}, som planen gäller.`, fix: 'Kontrollera årtalet.' }),
  en: ({ date, year }) => ({ reason: `The meeting on ${date} is not in ${year}, the year of the plan.`, fix: 'Check the year.' }),
});
const weekday = defineRule<{ date: string; day: string; body: string; usual: string }>(
  'calendar/weekday',
  'warning',
  {
    sv: ({ date, day, body, usual }) => ({
      reason: `${date} är en ${day}, men ${body} sammanträder vanligtvis på ${usual}ar. Kalendariet markerar mötet med "Obs ${day}".`,
      fix: 'Kontrollera datumet. Om dagen stämmer, skriv annan_veckodag: true på raden.',
    }),
    en: ({ date, day, body, usual }) => ({
      reason: `${date} is a ${englishDay(day)}, but ${body} usually meets on ${englishDay(usual)}s. The calendar marks the meeting "Obs ${day}".`,
      fix: 'Check the date. If the day is right, write annan_veckodag: true on the line.',
    }),
  },
  () => ({ kind: 'add-field', key: 'annan_veckodag', value: 'true' }),
);

const days: Record<string, string> = {
  måndag: 'Monday',
  tisdag: 'Tuesday',
  onsdag: 'Wednesday',
  torsdag: 'Thursday',
  fredag: 'Friday',
  lördag: 'Saturday',
  söndag: 'Sunday',
};

function englishDay(day: string): string {
  return days[day] ?? day;
}

const onHoliday = defineRule<{ date: string; holiday: string }>('calendar/holiday', 'warning', {
  sv: ({ date, holiday }) => ({
    reason: `${date} är ${holiday}, en helgdag.`,
    fix: 'Kontrollera datumet; flytta mötet, eller markera det installt: true om det inte blir av.',
  }),
  en: ({ date, holiday }) => ({
    reason: `${date} is ${holiday}, a public holiday.`,
    fix: 'Check the date; move the meeting, or mark it installt: true if it will not be held.',
  }),
});

/** Meetings are in date order, multi-day meetings end after they start, none on a public holiday, and each on its body's usual weekday. */
export function checkCalendar(context: RuleContext, calendar: Kalendarium, path: readonly PathSegment[], documentYear: number): void {
  const body = calendar.organ ? context.register.organ.find((o) => o.id === calendar.organ) : undefined;
  checkTime(context, calendar.tid, [...path, 'tid']);
  calendar.rader.forEach((row, i) => {
    const at = [...path, 'rader', i];
    const previous = calendar.rader[i - 1];
    if (previous && row.datum < previous.datum) report(context, [...at, 'datum'], order, { date: row.datum, previous: previous.datum });
    if (row.till !== undefined && row.till <= row.datum) report(context, [...at, 'till'], range, { from: row.datum, to: row.till });
    if (Number(row.datum.slice(0, 4)) !== documentYear) report(context, [...at, 'datum'], year, { date: row.datum, year: documentYear });
    const holiday = row.installt ? undefined : holidayOn(row.datum);
    if (holiday) report(context, [...at, 'datum'], onHoliday, { date: row.datum, holiday });
    const day = weekdayOf(row.datum);
    if (body?.veckodag && day !== body.veckodag && !row.annan_veckodag && row.till === undefined) {
      report(context, [...at, 'datum'], weekday, { date: row.datum, day, body: body.namn, usual: body.veckodag });
    }
  });
}
