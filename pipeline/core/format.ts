/** Swedish formatting of dates, times and amounts. Everything printed goes through here. */

const months = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
/** Weekday names indexed like Date.getUTCDay() (0 = söndag). */
export const weekdays = ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'];

const NBSP = '\u00a0';
const EN_DASH = '–';

/** Parses an ISO date (YYYY-MM-DD) that is known to be valid. */
function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** "2023-03-16" → "16 mars 2023". */
export function formatDate(iso: string): string {
  const [y, m, d] = parts(iso);
  return `${d}${NBSP}${months[m - 1]} ${y}`;
}

/** "2023-03-16" → "16 mars" (for calendars, where the year is given by the heading). */
export function formatDayMonth(iso: string): string {
  const [, m, d] = parts(iso);
  return `${d}${NBSP}${months[m - 1]}`;
}

/** A date range within one year: "10–11 september". */
export function formatDayMonthRange(from: string, to: string): string {
  const [, m1, d1] = parts(from);
  const [, m2, d2] = parts(to);
  return m1 === m2 ? `${d1}${EN_DASH}${d2}${NBSP}${months[m1 - 1]}` : `${formatDayMonth(from)} ${EN_DASH} ${formatDayMonth(to)}`;
}

/** "2023-03-16" → "tor 16 mar": a date in a list of changes, its weekday first. */
export function formatShortDate(iso: string): string {
  const [, m, d] = parts(iso);
  return `${weekdayOf(iso).slice(0, 3)} ${d}${NBSP}${months[m - 1]!.slice(0, 3)}`;
}

/** The weekday of an ISO date, e.g. "torsdag". */
export function weekdayOf(iso: string): string {
  const [y, m, d] = parts(iso);
  return weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/** True when the string is a real calendar date in ISO form. */
export function isValidDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const [y, m, d] = parts(iso);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** "08:30" → "8.30". */
export function formatClock(hhmm: string): string {
  const [h, m] = hhmm.split(':') as [string, string];
  return `${Number(h)}.${m}`;
}

/** { start: "13:00", slut: "15:00" } → "kl. 13.00–15.00". */
export function formatTimeRange(tid: { start: string; slut: string }): string {
  return `kl.${NBSP}${formatClock(tid.start)}${EN_DASH}${formatClock(tid.slut)}`;
}

/** 2073076 → "2 073 076 kr", with non-breaking spaces. */
export function formatAmount(kronor: number): string {
  return `${formatNumber(kronor)}${NBSP}kr`;
}

/** 518269 → "518 269", grouped by non-breaking spaces. */
export function formatNumber(n: number): string {
  const sign = n < 0 ? '−' : '';
  const digits = String(Math.abs(Math.round(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

/** "samarbetskommittén" → "Samarbetskommittén". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "fredag" → "fredagar". */
export function pluralWeekday(day: string): string {
  return `${day}ar`;
}

/** "Kommunstyrelseförvaltningen" → "Kommunstyrelseförvaltningens"; names ending in s, x or z take no extra s. */
export function genitive(name: string): string {
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}
