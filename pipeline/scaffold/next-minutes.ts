import { Document, isScalar, visit } from 'yaml';
import { defineRule, messageError } from '../core/message.ts';
import { attendee, isFillIn, type Minnesanteckningar, type Punkt, type Uppfoljning, type Verksamhetsplan } from '../core/model.ts';
import type { Scaffold } from './next-plan.ts';

const noNextMeeting = defineRule<{ organ: string; date: string }>('scaffold/no-next-meeting', 'error', {
  sv: ({ organ, date }) => ({
    reason: `Ingen verksamhetsplans kalendarium har något möte för ${organ} efter ${date}.`,
    fix: 'Lägg in mötet i kalendariet i årets (eller nästa års) verksamhetsplan och försök igen.',
  }),
  en: ({ organ, date }) => ({
    reason: `No plan's calendar has a meeting of ${organ} after ${date}.`,
    fix: "Add the meeting to the calendar of this (or next) year's plan and try again.",
  }),
});

/** A meeting in a plan's calendar: its date, and the time and place the calendar gives it. */
interface CalendarMeeting {
  datum: string;
  tid?: { start: string; slut: string };
  plats?: string;
}

/**
 * The next meeting's minutes from the last ones, as a draft: the date, time
 * and place of the body's next meeting in a plan's calendar; the chair and
 * secretary, and the attendees (and those absent) of the last meeting as a
 * starting list; a justerare to be filled in; and an item that follows up
 * every assignment still open: each of the last meeting's assignments, and
 * each follow-up not yet done (klart) or dropped (utgår), naming the meeting
 * and item it came from. The next meeting after that is "Nästa möte".
 */
export function nextMinutes(m: Minnesanteckningar, plans: readonly Verksamhetsplan[]): Scaffold & { datum: string } {
  const meetings = plans
    .flatMap((plan) => plan.sektioner.flatMap((s) => s.innehall.flatMap((b) => (b.kalendarium?.organ === m.organ ? [b.kalendarium] : []))))
    .flatMap((k) =>
      k.rader
        .filter((r) => !r.installt)
        .map((r): CalendarMeeting => ({ datum: r.datum, ...(k.tid && { tid: k.tid }), ...((r.plats ?? k.plats) && { plats: r.plats ?? k.plats }) })),
    )
    .filter((meeting) => meeting.datum > m.datum)
    .sort((a, b) => a.datum.localeCompare(b.datum));
  const [planned, after] = meetings;
  if (!planned) throw messageError(noNextMeeting, { organ: m.organ, date: m.datum });
  // What the last meeting decided of this one (its place and time) stands over the calendar's.
  const decided = m.nasta_mote?.datum === planned.datum ? m.nasta_mote : undefined;
  const next: CalendarMeeting = { ...planned, ...(decided && { tid: decided.tid, plats: decided.plats }) };
  // The chair as the plan of the meeting's year names it, else the last meeting's.
  const chair = plans
    .filter((plan) => plan.ar === Number(next.datum.slice(0, 4)))
    .flatMap((plan) => plan.sektioner.flatMap((s) => s.innehall.flatMap((b) => b.ordforandeskap ?? [])))
    .find((o) => o.organ === m.organ)?.ordforande;
  const open = openAssignments(m);
  const source = {
    typ: 'minnesanteckningar',
    id: m.id.includes(m.datum) ? m.id.replace(m.datum, next.datum) : `${m.organ}-${next.datum}`,
    organ: m.organ,
    datum: next.datum,
    tid: { ...(next.tid ?? m.tid) },
    plats: next.plats ?? { ifylles: 'var mötet hölls' },
    status: 'utkast',
    version: 1,
    ordforande: typeof chair === 'string' ? chair : m.ordforande,
    sekreterare: m.sekreterare,
    justerare: { ifylles: 'justerare, vald på mötet' },
    deltagare: m.deltagare.map((d) => attendee(d).person),
    ...(m.franvarande?.length && { franvarande: m.franvarande.map((d) => attendee(d).person) }),
    punkter: [
      { id: 'valkommen', rubrik: 'Välkommen' },
      { id: 'val-av-justerare', rubrik: 'Val av justerare' },
      ...(open.length > 0 ? [{ id: 'uppfoljning', rubrik: 'Uppföljning av uppdrag från tidigare möten', uppfoljning: open }] : []),
      { id: 'ovriga-fragor', rubrik: 'Övriga frågor' },
    ],
    ...(after?.tid && after.plats && { nasta_mote: { datum: after.datum, tid: { ...after.tid }, plats: after.plats } }),
  };
  // Every value written out in full: an alias would tie one meeting's time to another's.
  const doc = new Document(source, { aliasDuplicateObjects: false });
  doc.commentBefore = ` yaml-language-server: $schema=../../schemas/minnesanteckningar.schema.json\n\n Utkast till minnesanteckningar ${next.datum}, gjort ur anteckningarna från ${m.datum} (handlingar next).\n Deltagarna är förra mötets: ändra efter vilka som kom. Kvar att göra: fälten med ifylles, och punkterna.`;
  // Short maps of plain values (a time, a field to fill in, where an assignment came from, an item's id and heading) on one line.
  visit(doc, {
    Map(_, map) {
      if (map.items.length <= 3 && map.items.every((pair) => isScalar(pair.value))) map.flow = true;
    },
    // Times quoted as the sources write them ("08:30": a YAML 1.1 reader would take 08:30 for a number).
    Scalar(_, scalar) {
      if (typeof scalar.value === 'string' && /^\d\d:\d\d$/.test(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
    },
  });
  return { text: doc.toString({ lineWidth: 0 }), notes: [], datum: next.datum };
}

/** The assignments still open after a meeting: its own (from its decisions), and the follow-ups it did not close. */
export function openAssignments(m: Minnesanteckningar): Uppfoljning[] {
  const open: Uppfoljning[] = [];
  const walk = (items: readonly Punkt[], prefix: string) =>
    items.forEach((p, i) => {
      const number = `${prefix}${i + 1}`;
      for (const f of p.uppfoljning ?? []) {
        if (isFillIn(f.status) || f.status === undefined || f.status === 'pågår')
          open.push({ ansvarig: f.ansvarig, uppgift: f.uppgift, fran: f.fran, status: { ifylles: 'pågår, klart eller utgår' } });
      }
      for (const b of p.beslut ?? []) {
        for (const u of b.uppdrag ?? [])
          open.push({ ansvarig: u.ansvarig, uppgift: u.uppgift, fran: { datum: m.datum, punkt: number }, status: { ifylles: 'pågår, klart eller utgår' } });
      }
      walk(p.underpunkter ?? [], `${number}.`);
    });
  walk(m.punkter, '');
  return open;
}
