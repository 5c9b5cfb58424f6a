// Arithmetic on dates written YYYY-MM-DD, in UTC so that no time zone or summer time shifts a day.

const DAY = 86_400_000;

/** The date `days` days after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) + days * DAY);
}

/** How many days `to` is after `from` (negative when before). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** A time in milliseconds as its UTC date, YYYY-MM-DD. */
export function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
