import { defineRule } from '../core/message.ts';
import type { Minnesanteckningar, Punkt } from '../core/model.ts';
import { checkBlocks } from './check-blocks.ts';
import { checkFinal } from './check-shared.ts';
import { checkReference, type RuleContext, report } from './rule-context.ts';

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

/** Minutes: everyone named is in the register, attends once, the chair and justerare attended, decisions have a text. */
export function checkMinutes(context: RuleContext, m: Minnesanteckningar): void {
  checkReference(context, ['organ'], m.organ, 'organ');
  for (const role of ['ordforande', 'sekreterare', 'justerare'] as const) checkReference(context, [role], m[role], 'person');
  const present = m.deltagare.map((d) => (typeof d === 'string' ? d : d.person));
  present.forEach((id, i) => {
    checkReference(context, ['deltagare', i], id, 'person');
    if (present.indexOf(id) !== i) report(context, ['deltagare', i], duplicateAttendee, { id });
  });
  (m.franvarande ?? []).forEach((id, i) => {
    checkReference(context, ['franvarande', i], id, 'person');
    if (present.includes(id)) report(context, ['franvarande', i], presentAndAbsent, { id });
  });
  const known = (id: string) => context.register.personer.some((p) => p.id === id);
  if (known(m.justerare) && !present.includes(m.justerare)) report(context, ['justerare'], justerareNotPresent, { id: m.justerare });
  if (known(m.ordforande) && !present.includes(m.ordforande)) report(context, ['ordforande'], chairNotPresent, { id: m.ordforande });
  const document = { year: Number(m.datum.slice(0, 4)), date: m.datum };
  const checkItems = (items: readonly Punkt[], path: Array<string | number>): void =>
    items.forEach((p, i) => {
      const at = [...path, i];
      for (const key of ['innehall', 'diskussion', 'efter_beslut'] as const) {
        if (p[key]) checkBlocks(context, p[key], [...at, key], document);
      }
      p.beslut?.forEach((b, j) => {
        for (const [k, u] of (b.uppdrag ?? []).entries())
          checkReference(context, [...at, 'beslut', j, 'uppdrag', k, 'ansvarig'], u.ansvarig, 'person-eller-organ');
        if (b.text === undefined && (b.uppdrag?.length ?? 0) !== 1) report(context, [...at, 'beslut', j], decisionText, {});
      });
      if (p.underpunkter) checkItems(p.underpunkter, [...at, 'underpunkter']);
    });
  checkItems(m.punkter, ['punkter']);
  if (m.nasta_mote && m.nasta_mote.datum <= m.datum) report(context, ['nasta_mote', 'datum'], nextMeeting, { next: m.nasta_mote.datum, date: m.datum });
  checkFinal(context, m.status === 'justerad', m);
}
