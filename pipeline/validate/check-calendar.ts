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
    if (previous && row.datum < previous.datum) {
      report(context, [...at, 'datum'], 'calendar/order', `Mötet ${row.datum} står efter ${previous.datum}; kalendariet ska vara i datumordning.`,
        'Flytta raden så att datumen kommer i ordning.');
    }
    if (row.till !== undefined && row.till <= row.datum) {
      report(context, [...at, 'till'], 'calendar/range', `Slutdagen ${row.till} är inte efter första dagen ${row.datum}.`, 'Rätta till eller datum.');
    }
    if (Number(row.datum.slice(0, 4)) !== year) {
      report(context, [...at, 'datum'], 'calendar/year', `Mötet ${row.datum} ligger inte under ${year}, som planen gäller.`,
        'Kontrollera årtalet.', 'warning');
    }
    const day = weekdayOf(row.datum);
    if (body?.veckodag && day !== body.veckodag && !row.annan_veckodag && row.till === undefined) {
      report(context, [...at, 'datum'], 'calendar/weekday',
        `${row.datum} är en ${day}, men ${body.namn} sammanträder vanligtvis på ${body.veckodag}ar. Kalendariet markerar mötet med "Obs ${day}".`,
        `Kontrollera datumet. Om dagen stämmer, skriv annan_veckodag: true på raden.`, 'warning');
    }
  });
}
