import { addDays, daysBetween, isoDate } from './dates.ts';

// Swedish public holidays (allmänna helgdagar, lag 1989:253), and the days
// off that workplaces keep as such (midsommarafton, julafton, nyårsafton):
// no meeting is moved onto one of them.

/** Easter Sunday of a year (the anonymous Gregorian algorithm), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(Date.UTC(year, month - 1, day));
}

/** The holidays of a year, by date, with their Swedish names. */
export function holidays(year: number): Map<string, string> {
  const fromEaster = (days: number) => addDays(easterSunday(year), days);
  // The Saturday (or Friday, for the eve) within a range of June or October/November days.
  const weekdayIn = (month: number, firstDay: number, weekday: number) => {
    for (let day = firstDay; ; day++) {
      const time = Date.UTC(year, month - 1, day);
      if (new Date(time).getUTCDay() === weekday) return isoDate(time);
    }
  };
  const midsummer = weekdayIn(6, 20, 6);
  return new Map([
    [`${year}-01-01`, 'nyårsdagen'],
    [`${year}-01-06`, 'trettondedag jul'],
    [fromEaster(-2), 'långfredagen'],
    [fromEaster(0), 'påskdagen'],
    [fromEaster(1), 'annandag påsk'],
    [`${year}-05-01`, 'första maj'],
    [fromEaster(39), 'Kristi himmelsfärdsdag'],
    [fromEaster(49), 'pingstdagen'],
    [`${year}-06-06`, 'Sveriges nationaldag'],
    [addDays(midsummer, -1), 'midsommarafton'],
    [midsummer, 'midsommardagen'],
    [weekdayIn(10, 31, 6), 'alla helgons dag'],
    [`${year}-12-24`, 'julafton'],
    [`${year}-12-25`, 'juldagen'],
    [`${year}-12-26`, 'annandag jul'],
    [`${year}-12-31`, 'nyårsafton'],
  ]);
}

/** The holiday a date is, if any. */
export function holidayOn(date: string): string | undefined {
  return holidays(Number(date.slice(0, 4))).get(date);
}

/** ISO week and ISO weekday (1 Monday … 7 Sunday) of a date, with the ISO week's year. */
export function isoWeek(date: string): { year: number; week: number; weekday: number } {
  const time = Date.parse(`${date}T00:00:00Z`);
  const weekday = ((new Date(time).getUTCDay() + 6) % 7) + 1;
  const thursday = time + (4 - weekday) * 86_400_000;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor(daysBetween(`${year}-01-01`, isoDate(thursday)) / 7) + 1;
  return { year, week, weekday };
}

/** The date of an ISO week's weekday; a week 53 the year lacks is its last week. */
export function dateOfIsoWeek(year: number, week: number, weekday: number): string {
  const weeks = isoWeek(`${year}-12-28`).week;
  const jan4 = Date.UTC(year, 0, 4);
  const monday = addDays(isoDate(jan4), -((new Date(jan4).getUTCDay() + 6) % 7));
  return addDays(monday, (Math.min(week, weeks) - 1) * 7 + (weekday - 1));
}
