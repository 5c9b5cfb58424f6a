import type { PathSegment } from '../load/source-file.ts';
import type { Kalendarium } from '../model.ts';
import { weekdayOf } from '../prepare/format.ts';
import { report, type RuleContext } from './rule-context.ts';

/** Meetings are in date order, multi-day meetings end after they start, and each falls on its body's usual weekday. */
export function checkCalendar(context: RuleContext, calendar: Kalendarium, path: readonly PathSegment[], year: number): void {
  const body = calendar.organ ? context.register.organ.find((o) => o.id === calendar.organ) : undefined;
  calendar.rader.forEach((row, i) => {
    const at = [...path, 'rader', i];
    const previous = calendar.rader[i - 1];
    if (previous && row.datum < previous.datum) report(context, [...at, 'datum'], 'calendar/order', { date: row.datum, previous: previous.datum });
    if (row.till !== undefined && row.till <= row.datum) report(context, [...at, 'till'], 'calendar/range', { from: row.datum, to: row.till });
    if (Number(row.datum.slice(0, 4)) !== year) report(context, [...at, 'datum'], 'calendar/year', { date: row.datum, year });
    const day = weekdayOf(row.datum);
    if (body?.veckodag && day !== body.veckodag && !row.annan_veckodag && row.till === undefined) {
      report(context, [...at, 'datum'], 'calendar/weekday', { date: row.datum, day, body: body.namn, usual: body.veckodag });
    }
  });
}
