import { capitalize, formatDate, formatTimeRange, weekdayOf } from '../core/format.ts';
import { type Attendee, attendee, isFillIn, type Minnesanteckningar, type MotesBeslut, type Punkt } from '../core/model.ts';
import type { Inline, MinnesanteckningarView, PunktView } from '../core/view.ts';
import { type BlockContext, prepareBlocks } from './blocks.ts';
import type { Lookup } from './lookup.ts';
import { minutesHeading, minutesTitle } from './titles.ts';

/** Makes minutes ready to print: numbered items, attendees from the register, assignments gathered in one list. */
export function prepareMinnesanteckningar(m: Minnesanteckningar, lookup: Lookup, images: ReadonlyMap<object, string> = new Map()): MinnesanteckningarView {
  const context: BlockContext = { lookup, year: Number(m.datum.slice(0, 4)), figures: { count: 0 }, images };
  const body = lookup.body(m.organ);
  const uppdrag: MinnesanteckningarView['uppdrag'] = [];
  const punkter = m.punkter.map((p, i) => preparePunkt(p, String(i + 1), context, uppdrag));
  if (m.nasta_mote) {
    const next = m.nasta_mote;
    const nummer = String(punkter.length + 1);
    punkter.push({
      id: 'nasta-mote',
      anchor: 'punkt-nasta-mote',
      nummer,
      rubrik: 'Nästa möte',
      innehall: [
        { stycke: `Nästa möte hålls ${weekdayOf(next.datum)} ${formatDate(next.datum)}, ${formatTimeRange(next.tid)}, ${next.plats}.` },
        ...(next.stycken ?? []).map((s) => ({ stycke: s })),
      ],
      diskussion: [],
      beslut: [],
      efterBeslut: [],
      underpunkter: [],
    });
  }
  const person = (id: string) => lookup.person(id);
  // Where an attendee comes from: as the minutes state it, else as the register had it on the day.
  const where = (d: string | Attendee) => {
    const { person: id, kommun, organ } = attendee(d);
    return lookup.affiliation(kommun || organ ? { ...(kommun && { kommun }), ...(organ && { organ }) } : person(id));
  };
  return {
    meta: {
      title: minutesTitle(m, body),
      subject: `Minnesanteckningar, ${body.namn} ${m.datum}`,
      author: body.fullt_namn ?? capitalize(body.namn),
      keywords: ['minnesanteckningar', body.namn, m.datum],
      date: m.datum,
      draft: m.status === 'utkast',
      header: `Minnesanteckningar ${capitalize(body.namn)} ${m.datum}`,
    },
    titel: minutesHeading(body),
    tid: `${capitalize(weekdayOf(m.datum))} den ${formatDate(m.datum)} ${formatTimeRange(m.tid)}`,
    plats: m.plats,
    deltagare: m.deltagare.map((d) => {
      const { person: id, digitalt } = attendee(d);
      const notes = [
        digitalt ? 'digitalt' : '',
        id === m.ordforande ? 'ordförande' : '',
        id === m.sekreterare ? 'sekreterare' : '',
        id === m.justerare ? 'justerare' : '',
      ].filter(Boolean);
      return { namn: person(id).namn, var: where(d), ...(notes.length > 0 && { anmarkning: notes.join(', ') }) };
    }),
    franvarande: (m.franvarande ?? []).map((d) => ({ namn: person(attendee(d).person).namn, var: where(d) })),
    punkter,
    uppdrag,
    underskrifter: [
      { roll: 'Vid anteckningarna', namn: person(m.sekreterare).namn },
      { roll: 'Justeras', namn: isFillIn(m.justerare) ? m.justerare : person(m.justerare).namn },
    ],
  };
}

function preparePunkt(p: Punkt, nummer: string, context: BlockContext, uppdrag: MinnesanteckningarView['uppdrag']): PunktView {
  for (const b of p.beslut ?? []) {
    for (const u of b.uppdrag ?? [])
      uppdrag.push({ punkt: nummer, ansvarig: capitalize(context.lookup.name(u.ansvarig)), uppgift: u.uppgift.replace(/\.$/, '') });
  }
  return {
    id: p.id,
    anchor: `punkt-${p.id}`,
    nummer,
    rubrik: p.rubrik,
    innehall: prepareBlocks(p.innehall ?? [], context),
    diskussion: prepareBlocks(p.diskussion ?? [], context),
    // Only when there is one: what an item without follow-ups prints (and a final edition's identity) stays as it was.
    ...(p.uppfoljning && {
      uppfoljning: p.uppfoljning.map((f) => ({
        uppgift: f.uppgift,
        ansvarig: capitalize(context.lookup.name(f.ansvarig)),
        fran: `${formatDate(f.fran.datum)}${f.fran.punkt ? `, punkt ${f.fran.punkt}` : ''}`,
        status: f.status === undefined ? '' : isFillIn(f.status) ? f.status : capitalize(f.status),
        ...(f.kommentar !== undefined && { kommentar: f.kommentar }),
      })),
    }),
    beslut: (p.beslut ?? []).map((b) => decisionText(b, context.lookup)),
    efterBeslut: prepareBlocks(p.efter_beslut ?? [], context),
    underpunkter: (p.underpunkter ?? []).map((u, i) => preparePunkt(u, `${nummer}.${i + 1}`, context, uppdrag)),
  };
}

/** A decision's text: as written, or generated from its single assignment ("NN får i uppdrag att …"). */
export function decisionText(b: MotesBeslut, lookup: Lookup): Inline {
  if (b.text !== undefined) return b.text;
  const u = b.uppdrag![0]!;
  const task = u.uppgift.replace(/\.$/, '');
  return `${capitalize(lookup.name(u.ansvarig))} får i uppdrag att ${task}.`;
}
