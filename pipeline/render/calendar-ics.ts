import ICAL from 'ical.js';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { addDays } from '../core/dates.ts';
import type { CalendarEvent, PlanCalendar } from '../core/view.ts';

/** Where the meetings are held: every time in the files is local time there. */
const ZONE = 'Europe/Stockholm';

/**
 * A plan's calendar as iCalendar text (RFC 5545), for Outlook, Google and
 * Apple calendars to import or subscribe to: a published calendar (METHOD:
 * PUBLISH) with Stockholm's time zone, every meeting at its local time, a
 * cancelled one STATUS:CANCELLED. ical.js writes it, so that source text is
 * escaped (`\,` `\;` `\\` `\n`) and long lines folded as the standard says;
 * nothing from a source can start a property or an event of its own. The
 * same calendar gives the same bytes: no time of the build goes in.
 */
export function renderIcs(calendar: PlanCalendar): string {
  const vcalendar = new ICAL.Component(['vcalendar', [], []]);
  vcalendar.addPropertyWithValue('prodid', '-//Södertörnskommunerna//handlingar//SV');
  vcalendar.addPropertyWithValue('version', '2.0');
  vcalendar.addPropertyWithValue('calscale', 'GREGORIAN');
  vcalendar.addPropertyWithValue('method', 'PUBLISH');
  vcalendar.addPropertyWithValue('x-wr-calname', calendar.name);
  vcalendar.addPropertyWithValue('x-wr-timezone', ZONE);
  vcalendar.addSubcomponent(stockholm());
  for (const event of calendar.events) vcalendar.addSubcomponent(vevent(event, calendar));
  return `${vcalendar.toString()}\r\n`;
}

function vevent(e: CalendarEvent, calendar: PlanCalendar): ICAL.Component {
  const v = new ICAL.Component('vevent');
  v.addPropertyWithValue('uid', e.uid);
  v.addPropertyWithValue('dtstamp', ICAL.Time.fromData({ ...ymd(calendar.stamp), isDate: false }, ICAL.Timezone.utcTimezone));
  v.addPropertyWithValue('sequence', calendar.sequence);
  if (e.time) {
    v.addPropertyWithValue('dtstart', local(e.date, e.time.start)).setParameter('tzid', ZONE);
    v.addPropertyWithValue('dtend', local(e.date, e.time.slut)).setParameter('tzid', ZONE);
  } else {
    // Whole days: DTEND is the day after the last (RFC 5545 3.6.1).
    v.addPropertyWithValue('dtstart', ICAL.Time.fromData({ ...ymd(e.date), isDate: true }));
    v.addPropertyWithValue('dtend', ICAL.Time.fromData({ ...ymd(addDays(e.until ?? e.date, 1)), isDate: true }));
  }
  v.addPropertyWithValue('summary', e.summary);
  if (e.location !== undefined) v.addPropertyWithValue('location', e.location);
  if (e.description !== undefined) v.addPropertyWithValue('description', e.description);
  v.addPropertyWithValue('status', e.cancelled ? 'CANCELLED' : 'CONFIRMED');
  // A cancelled meeting leaves the time free.
  v.addPropertyWithValue('transp', e.cancelled ? 'TRANSPARENT' : 'OPAQUE');
  return v;
}

/** A date and a clock time (HH:MM), local to the zone the TZID parameter names. */
function local(date: string, hhmm: string): ICAL.Time {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  return ICAL.Time.fromData({ ...ymd(date), hour, minute, second: 0, isDate: false });
}

function ymd(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/**
 * Stockholm's VTIMEZONE (CET, CEST from the last Sunday of March to the
 * last of October). The library names the rules after Europe/Berlin, the
 * zone the time zone database makes Stockholm a link to since 2022 (the
 * same rules since 1980); the component is given Stockholm's name, which is
 * what the events' TZID says and what a reader of the file expects.
 */
function stockholm(): ICAL.Component {
  const [block] = tzlib_get_ical_block(ZONE) as string[];
  const zone = ICAL.Component.fromString(block!);
  zone.updatePropertyWithValue('tzid', ZONE);
  zone.updatePropertyWithValue('x-lic-location', ZONE);
  return zone;
}
