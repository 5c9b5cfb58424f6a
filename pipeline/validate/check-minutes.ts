import { weekdayOf } from '../core/format.ts';
import { defineRule } from '../core/message.ts';
import { type Attendee, attendee, isFillIn, type Kalendarium, type Minnesanteckningar, type Punkt, personAsOf, type SharedSources } from '../core/model.ts';
import { checkBlocks } from './check-blocks.ts';
import { checkFinal, checkTime } from './check-shared.ts';
import { checkReference, type RuleContext, registeredPlace, report } from './rule-context.ts';

const duplicateAttendee = defineRule<{ id: string }>('minutes/duplicate-attendee', 'error', {
  sv: ({ id }) => ({ reason: `"${id}" står två gånger bland deltagarna.`, fix: 'Ta bort den ena raden.' }),
  en: ({ id }) => ({ reason: `"${id}" is listed twice among the attendees.`, fix: 'Remove one of the lines.' }),
});
const presentAndAbsent = defineRule<{ id: string }>('minutes/present-and-absent', 'error', {
  sv: ({ id }) => ({ reason: `"${id}" står både som deltagare och som frånvarande.`, fix: 'Ta bort personen från den ena listan.' }),
  en: ({ id }) => ({ reason: `"${id}" is listed both as present and as absent.`, fix: 'Remove the person from one of the lists.' }),
});
const justerareNotPresent = defineRule<{ id: string }>('minutes/justerare-not-present', 'error', {
  sv: ({ id }) => ({
    reason: `Justeraren "${id}" finns inte bland deltagarna.`,
    fix: 'Justeraren måste ha varit med på mötet: lägg till personen bland deltagarna eller välj en annan justerare.',
  }),
  en: ({ id }) => ({
    reason: `The justerare "${id}" is not among the attendees.`,
    fix: 'The justerare must have attended: add the person to deltagare, or choose another justerare.',
  }),
});
const chairNotPresent = defineRule<{ id: string }>('minutes/chair-not-present', 'error', {
  sv: ({ id }) => ({ reason: `Ordföranden "${id}" finns inte bland deltagarna.`, fix: 'Lägg till ordföranden bland deltagarna.' }),
  en: ({ id }) => ({ reason: `The chair "${id}" is not among the attendees.`, fix: 'Add the chair to deltagare.' }),
});
const decisionText = defineRule('minutes/decision-text', 'error', {
  sv: () => ({ reason: 'Beslutet saknar text och har inte exakt ett uppdrag att skriva texten från.', fix: 'Skriv beslutets text i text:.' }),
  en: () => ({ reason: 'The decision has no text and not exactly one assignment to write it from.', fix: 'Write the decision in text:.' }),
});
const nextMeeting = defineRule<{ next: string; date: string }>('date/next-meeting', 'error', {
  sv: ({ next, date }) => ({ reason: `Nästa möte (${next}) är inte efter detta möte (${date}).`, fix: 'Rätta datumet.' }),
  en: ({ next, date }) => ({ reason: `The next meeting (${next}) is not after this meeting (${date}).`, fix: 'Correct the date.' }),
});

const statedDiffers = defineRule<{ name: string; stated: string; registered: string; date: string; where: string }>('minutes/register-differs', 'warning', {
  sv: ({ name, stated, registered, date, where }) => ({
    reason: `Anteckningarna anger ${stated} för ${name}, men registret anger ${registered || 'ingen kommun'} den ${date} (${where}). Dokumentet skriver ${stated}, som källan säger.`,
    fix: 'Står det så i originalet, låt det stå. Har registret fel, rätta det eller lägg till en period (perioder) som gällde då; har källan fel och handlingen är justerad, gör en ny version.',
  }),
  en: ({ name, stated, registered, date, where }) => ({
    reason: `The minutes give ${stated} for ${name}, but the register gives ${registered || 'no municipality'} on ${date} (${where}). The document prints ${stated}, as its source says.`,
    fix: 'If the original says so, leave it. If the register is wrong, correct it or add a period (perioder) that held then; if the source is wrong and the minutes are justerade, make a new version.',
  }),
});

/**
 * A municipality or body the minutes state for a person (as the original
 * printed it) is printed as stated; where the register had another on the
 * meeting's date, a warning names both places.
 */
function checkStated(context: RuleContext, entry: string | Attendee, at: Array<string | number>, date: string): void {
  if (typeof entry === 'string' || (entry.kommun === undefined && entry.organ === undefined)) return;
  checkReference(context, [...at, 'kommun'], entry.kommun, 'kommun');
  checkReference(context, [...at, 'organ'], entry.organ, 'organ');
  const person = context.register.personer.find((p) => p.id === entry.person);
  if (!person) return;
  const registered = personAsOf(person, date);
  if ((entry.kommun ?? '') === (registered.kommun ?? '') && (entry.organ ?? '') === (registered.organ ?? '')) return;
  const nameOf = (kommun?: string, organ?: string) =>
    (kommun && context.register.kommuner.find((k) => k.id === kommun)?.namn) ||
    (organ && context.register.organ.find((o) => o.id === organ)?.namn) ||
    kommun ||
    organ ||
    '';
  const where = registeredPlace(context, person, date);
  report(context, [...at, entry.kommun !== undefined ? 'kommun' : 'organ'], statedDiffers, {
    name: person.namn,
    stated: nameOf(entry.kommun, entry.organ),
    registered: nameOf(registered.kommun, registered.organ),
    date,
    where,
  });
}

const followUpDate = defineRule<{ from: string; date: string }>('minutes/follow-up-date', 'error', {
  sv: ({ from, date }) => ({
    reason: `Uppdraget följs upp från ett möte ${from}, som inte är före detta möte (${date}).`,
    fix: 'Ange datumet för mötet där uppdraget gavs.',
  }),
  en: ({ from, date }) => ({
    reason: `The assignment is followed up from a meeting on ${from}, which is not before this meeting (${date}).`,
    fix: 'Give the date of the meeting where the assignment was given.',
  }),
});

/** Minutes: everyone named is in the register, attends once, the chair and justerare attended, decisions have a text. */
export function checkMinutes(context: RuleContext, m: Minnesanteckningar, shared: SharedSources): void {
  checkReference(context, ['organ'], m.organ, 'organ');
  for (const role of ['ordforande', 'sekreterare', 'justerare'] as const) {
    const id = m[role];
    if (!isFillIn(id)) checkReference(context, [role], id, 'person');
  }
  const present = m.deltagare.map((d) => attendee(d).person);
  m.deltagare.forEach((d, i) => {
    const { person: id } = attendee(d);
    checkReference(context, typeof d === 'string' ? ['deltagare', i] : ['deltagare', i, 'person'], id, 'person');
    if (present.indexOf(id) !== i) report(context, ['deltagare', i], duplicateAttendee, { id });
    checkStated(context, d, ['deltagare', i], m.datum);
  });
  (m.franvarande ?? []).forEach((d, i) => {
    const { person: id } = attendee(d);
    checkReference(context, typeof d === 'string' ? ['franvarande', i] : ['franvarande', i, 'person'], id, 'person');
    if (present.includes(id)) report(context, ['franvarande', i], presentAndAbsent, { id });
    checkStated(context, d, ['franvarande', i], m.datum);
  });
  const known = (id: string) => context.register.personer.some((p) => p.id === id);
  // A draft made before the meeting leaves the justerare to be filled in.
  if (!isFillIn(m.justerare) && known(m.justerare) && !present.includes(m.justerare)) {
    report(context, ['justerare'], justerareNotPresent, { id: m.justerare });
  }
  if (known(m.ordforande) && !present.includes(m.ordforande)) report(context, ['ordforande'], chairNotPresent, { id: m.ordforande });
  const document = { year: Number(m.datum.slice(0, 4)), date: m.datum };
  const checkItems = (items: readonly Punkt[], path: Array<string | number>): void =>
    items.forEach((p, i) => {
      const at = [...path, i];
      for (const key of ['innehall', 'diskussion', 'efter_beslut'] as const) {
        if (p[key]) checkBlocks(context, p[key], [...at, key], document);
      }
      p.uppfoljning?.forEach((f, j) => {
        checkReference(context, [...at, 'uppfoljning', j, 'ansvarig'], f.ansvarig, 'person-eller-organ');
        if (f.fran.datum >= m.datum) report(context, [...at, 'uppfoljning', j, 'fran', 'datum'], followUpDate, { from: f.fran.datum, date: m.datum });
      });
      p.beslut?.forEach((b, j) => {
        for (const [k, u] of (b.uppdrag ?? []).entries())
          checkReference(context, [...at, 'beslut', j, 'uppdrag', k, 'ansvarig'], u.ansvarig, 'person-eller-organ');
        if (b.text === undefined && (b.uppdrag?.length ?? 0) !== 1) report(context, [...at, 'beslut', j], decisionText, {});
      });
      if (p.underpunkter) checkItems(p.underpunkter, [...at, 'underpunkter']);
    });
  checkItems(m.punkter, ['punkter']);
  if (m.nasta_mote && m.nasta_mote.datum <= m.datum) report(context, ['nasta_mote', 'datum'], nextMeeting, { next: m.nasta_mote.datum, date: m.datum });
  checkTime(context, m.tid, ['tid']);
  if (m.nasta_mote) checkTime(context, m.nasta_mote.tid, ['nasta_mote', 'tid']);
  checkWeekday(context, m, shared);
  checkFinal(context, m.status === 'justerad', m);
}

const weekday = defineRule<{ date: string; day: string; body: string; usual: string }>('minutes/weekday', 'warning', {
  sv: ({ date, day, body, usual }) => ({
    reason: `Mötet ${date} är en ${day}, men ${body} sammanträder vanligtvis på ${usual}ar, och inget kalendarium har ett möte den dagen.`,
    fix: 'Kontrollera datum. Stämmer dagen, låt varningen stå, eller för in mötet i verksamhetsplanens kalendarium (med annan_veckodag: true).',
  }),
  en: ({ date, day, body, usual }) => ({
    reason: `The meeting on ${date} is on a ${day}, but ${body} usually meets on ${usual}s, and no calendar has a meeting that day.`,
    fix: "Check datum. If the day is right, leave the warning, or add the meeting to the plan's calendar (with annan_veckodag: true).",
  }),
});

/** The minutes' own date is on the weekday their body meets, or on a day a plan's calendar has a meeting of that body. */
function checkWeekday(context: RuleContext, m: Minnesanteckningar, shared: SharedSources): void {
  const body = context.register.organ.find((o) => o.id === m.organ);
  const day = weekdayOf(m.datum);
  if (!body?.veckodag || day === body.veckodag) return;
  const planned = [...shared.planer.values(), ...shared.bilagaFiles.values()].some((source) =>
    calendarsIn(source).some((c) => c.organ === m.organ && c.rader.some((r) => r.datum === m.datum)),
  );
  if (!planned) report(context, ['datum'], weekday, { date: m.datum, day, body: body.namn, usual: body.veckodag });
}

/** Every calendar anywhere in a validated source (in its sections, bilagor, or blocks). */
function calendarsIn(value: unknown): Kalendarium[] {
  if (Array.isArray(value)) return value.flatMap(calendarsIn);
  if (typeof value !== 'object' || value === null) return [];
  const calendar = (value as { kalendarium?: Kalendarium }).kalendarium;
  return [...(calendar ? [calendar] : []), ...Object.values(value).flatMap(calendarsIn)];
}
