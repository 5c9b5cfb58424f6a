import { capitalize } from '../core/format.ts';
import type { BilagaFil, Block, Kalendarium, Verksamhetsplan } from '../core/model.ts';
import type { CalendarEvent, PlanCalendar } from '../core/view.ts';
import type { Lookup } from './lookup.ts';

/**
 * A plan's calendars for calendar programs: one file per body (a calendar
 * without a body, "Södertörnskonferensen", is its own), and one with every
 * meeting. `base` is the PDF's name without ".pdf"; the files are named
 * after it, and every meeting's UID is its id at it, so that importing a
 * later build updates the meetings instead of adding them again.
 */
export function preparePlanCalendars(plan: Verksamhetsplan, lookup: Lookup, bilagaFiles: ReadonlyMap<string, BilagaFil>, base: string): PlanCalendar[] {
  const blocks = [
    ...plan.sektioner.flatMap((s) => s.innehall),
    ...(plan.bilagor ?? []).flatMap((b) => (b.fil ? bilagaFiles.get(b.fil)!.innehall : (b.innehall ?? []))),
  ];
  const calendars = blocks.flatMap((b: Block) => (b.kalendarium ? [b.kalendarium] : []));
  if (calendars.length === 0) return [];
  const file = (suffix: string, name: string, events: CalendarEvent[]): PlanCalendar => ({
    fileName: `${base}${suffix}.ics`,
    name,
    stamp: plan.datum,
    sequence: plan.version,
    events,
  });
  // Calendars of one body go into one file, named by its first calendar's heading.
  const byBody = new Map<string, { title: string; events: CalendarEvent[] }>();
  for (const k of calendars) {
    const key = k.organ ?? k.id;
    const title = k.rubrik ?? capitalize(lookup.body(k.organ!).namn);
    const group = byBody.get(key) ?? byBody.set(key, { title, events: [] }).get(key)!;
    group.events.push(...meetings(k, title, `${base}.handlingar.sodertorn`));
  }
  const all = [...byBody.values()].flatMap((g) => g.events).sort((a, b) => start(a).localeCompare(start(b)));
  return [...[...byBody].map(([key, { title, events }]) => file(`-${key}`, `${title} ${plan.ar}`, events)), file('', `Kalendarium ${plan.ar}`, all)];
}

/** A calendar's meetings: at the calendar's time, except a meeting over several days, which takes whole days. */
function meetings(k: Kalendarium, title: string, domain: string): CalendarEvent[] {
  return k.rader.map((r) => {
    const location = r.plats ?? k.plats;
    return {
      uid: `${r.id}@${domain}`,
      summary: r.installt ? `${title} (inställt)` : title,
      date: r.datum,
      ...(r.till !== undefined && { until: r.till }),
      ...(k.tid && r.till === undefined && { time: { start: k.tid.start, slut: k.tid.slut } }),
      ...(location !== undefined && { location }),
      ...(r.notering !== undefined && { description: r.notering }),
      cancelled: r.installt === true,
    };
  });
}

/** When a meeting starts, comparable as text: an all-day meeting before one at a time on the same day. */
function start(e: CalendarEvent): string {
  return `${e.date} ${e.time?.start ?? ''}`;
}
