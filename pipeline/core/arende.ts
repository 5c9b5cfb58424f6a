import { type Arende, countFillIns, type Fillable, isFillIn, type Tjansteskrivelse } from './model.ts';
import { placeholdersIn } from './placeholders.ts';

// What an ärende prints, read off its source: used by validation (what is left to fill in) and by prepare.

/** The heading of every letter in the ärende: its title, else its programme's name. */
export function arendeTitle(arende: Arende): Fillable<string> {
  return arende.titel ?? arende.program!.namn;
}

/** The points of the proposal: one sentence, or one per point of the decision. */
export function proposalPoints(arende: Arende): Array<Fillable<string>> {
  return Array.isArray(arende.forslag) ? arende.forslag : [arende.forslag];
}

/** A text of an ärende and where it is in the source. */
export type ArendeText = [Array<string | number>, Fillable<string>];

/** Every text of an ärende that prints, with where it is, in the order it prints. */
export function arendeTexts(a: Arende): ArendeText[] {
  const one = (key: string, text: Fillable<string> | undefined): ArendeText[] => (text === undefined ? [] : [[[key], text]]);
  const list = (path: Array<string | number>, texts: ReadonlyArray<Fillable<string>> = []) => texts.map((text, i): ArendeText => [[...path, i], text]);
  return [
    ...one('titel', a.titel),
    ...(Array.isArray(a.forslag) ? list(['forslag'], a.forslag) : one('forslag', a.forslag)),
    ...list(['sammanfattning'], a.sammanfattning),
    ...list(['beskrivning'], a.beskrivning),
    ...one('ekonomi', a.ekonomi),
    ...one('barn', a.barn),
    ...(a.avsnitt ?? []).flatMap((s, i) => list(['avsnitt', i, 'stycken'], s.stycken)),
    ...(a.bilagor ?? []).flatMap((b, i): ArendeText[] => (b.titel === undefined ? [] : [[['bilagor', i, 'titel'], b.titel]])),
  ];
}

/** The placeholders an ärende's printed text uses (a programme's name is used as the title when there is no other). */
export function placeholdersUsed(a: Arende): Set<string> {
  const used = new Set(arendeTexts(a).flatMap(([, text]) => (isFillIn(text) ? [] : placeholdersIn(text))));
  if (a.titel === undefined) used.add('program');
  return used;
}

/**
 * The fields to fill in that a letter prints, by source: its own, and its
 * ärende's (which every letter of the ärende prints, and a build counts
 * once). A field that nothing prints (an earlier decision the text never
 * mentions, a short name it never uses) is not one to fill in.
 */
export function memoFillIns(t: Tjansteskrivelse, arende: Arende): { letter: number; arende: number } {
  const used = placeholdersUsed(arende);
  const letter = countFillIns({ ...t, tidigare_beslut: used.has('tidigare_beslut') ? t.tidigare_beslut : undefined });
  const program = arende.program;
  const printedProgram = program && {
    namn: used.has('program') ? program.namn : undefined,
    kortnamn: used.has('kortnamn') ? program.kortnamn : undefined,
    period: used.has('period') ? program.period : undefined,
  };
  return { letter, arende: countFillIns({ ...arende, program: printedProgram }) };
}
