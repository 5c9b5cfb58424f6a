import { defineRule } from '../core/message.ts';
import { type Arende, countFillIns, type Fillable, isFillIn, personAsOf, type SharedSources, type Tjansteskrivelse } from '../core/model.ts';
import { placeholderNames, placeholdersIn } from '../core/placeholders.ts';
import { checkPdfFile } from './check-pdf-bilaga.ts';
import { checkFinal } from './check-shared.ts';
import { checkReference, type RuleContext, registeredPlace, report } from './rule-context.ts';

const unknownArende = defineRule<{ id: string }>('tjansteskrivelse/unknown-arende', 'error', {
  sv: ({ id }) => ({ reason: `Det finns inget ärende med id "${id}".`, fix: 'Lägg en arende.yaml med detta id i samma mapp, eller rätta id:t.' }),
  en: ({ id }) => ({ reason: `There is no ärende with the id "${id}".`, fix: 'Put an arende.yaml with that id in the same folder, or correct the id.' }),
});
const previousDecision = defineRule<{ previous: string; date: string }>('date/previous-decision', 'error', {
  sv: ({ previous, date }) => ({
    reason: `Det tidigare beslutet (${previous}) är inte före tjänsteskrivelsens datum (${date}).`,
    fix: 'Kontrollera båda datumen.',
  }),
  en: ({ previous, date }) => ({ reason: `The previous decision (${previous}) is not before the memo's date (${date}).`, fix: 'Check both dates.' }),
});
const placeholder = defineRule<{ name: string; allowed: readonly string[] }>('arende/placeholder', 'error', {
  sv: ({ name, allowed }) => ({ reason: `Okänd platshållare {${name}}.`, fix: `Tillåtna platshållare: ${allowed.map((n) => `{${n}}`).join(', ')}.` }),
  en: ({ name, allowed }) => ({ reason: `Unknown placeholder {${name}}.`, fix: `Allowed placeholders: ${allowed.map((n) => `{${n}}`).join(', ')}.` }),
});
const arendeUnfinished = defineRule<{ id: string; count: number }>('fill-in/final-arende', 'error', {
  sv: ({ id, count }) => ({
    reason: `Tjänsteskrivelsen är beslutad, men ärendet ${id} (arende.yaml) har ${count} fält kvar att fylla i.`,
    fix: 'Skriv ärendets text färdigt (fälten med ifylles i arende.yaml), eller ändra status till utkast.',
  }),
  en: ({ id, count }) => ({
    reason: `The memo is final, but its ärende ${id} (arende.yaml) still has ${count} field(s) to fill in.`,
    fix: "Finish the ärende's text (the fields marked ifylles in arende.yaml), or set status to utkast.",
  }),
});

/** A municipality's tjänsteskrivelse: its people and municipality in the register, its ärende there, dates in order. */
export function checkMemo(context: RuleContext, t: Tjansteskrivelse, shared: SharedSources): void {
  checkReference(context, ['kommun'], t.kommun, 'kommun');
  const people: Array<[Array<string | number>, Fillable<string>]> = [
    [['handlaggare'], t.handlaggare],
    ...t.underskrifter.map((u, i): [Array<string | number>, Fillable<string>] => [['underskrifter', i], u]),
  ];
  for (const [path, id] of people) {
    if (isFillIn(id)) continue;
    checkReference(context, path, id, 'person');
    checkOwnMunicipality(context, path, id, t);
  }
  const arende = shared.arenden.get(t.arende);
  if (!arende) report(context, ['arende'], unknownArende, { id: t.arende });
  if (!isFillIn(t.datum) && !isFillIn(t.tidigare_beslut) && t.tidigare_beslut.datum >= t.datum) {
    report(context, ['tidigare_beslut', 'datum'], previousDecision, { previous: t.tidigare_beslut.datum, date: t.datum });
  }
  checkFinal(context, t.status === 'beslutad', t);
  // The letter prints its ärende's text: a final letter may not print a field still to be written there.
  const open = countFillIns(arende);
  if (t.status === 'beslutad' && open > 0) report(context, ['status'], arendeUnfinished, { id: t.arende, count: open });
}

const otherMunicipality = defineRule<{ name: string; theirs: string; letter: string; where: string }>('tjansteskrivelse/other-municipality', 'warning', {
  sv: ({ name, theirs, letter, where }) => ({
    reason: `${name} hör enligt registret till ${theirs} (${where}), men tjänsteskrivelsen är ${letter}s.`,
    fix: `Ange en person i ${letter} (lägg till den i registret), eller rätta registret om ${name} har bytt kommun.`,
  }),
  en: ({ name, theirs, letter, where }) => ({
    reason: `${name} belongs to ${theirs} by the register (${where}), but the memo is ${letter}'s.`,
    fix: `Name a person of ${letter} (add them to the register), or correct the register if ${name} moved.`,
  }),
});

/** A letter's handläggare and signatories are the municipality's own people (as the register has them on the letter's date). */
function checkOwnMunicipality(context: RuleContext, path: Array<string | number>, id: string, t: Tjansteskrivelse): void {
  const person = context.register.personer.find((p) => p.id === id);
  const date = isFillIn(t.datum) ? undefined : t.datum;
  const kommun = person && personAsOf(person, date).kommun;
  if (!person || !kommun || kommun === t.kommun) return;
  const name = (k: string) => context.register.kommuner.find((m) => m.id === k)?.kommun ?? k;
  report(context, path, otherMunicipality, { name: person.namn, theirs: name(kommun), letter: name(t.kommun), where: registeredPlace(context, person, date) });
}

/** An ärende's placeholders are ones the tjänsteskrivelser can fill, and its PDF bilagor exist. */
export function checkArende(context: RuleContext, a: Arende): void {
  const texts: Array<[Array<string | number>, Fillable<string>]> = [
    [['forslag'], a.forslag],
    [['ekonomi'], a.ekonomi],
    [['barn'], a.barn],
    ...a.sammanfattning.map((t, i): [Array<string | number>, Fillable<string>] => [['sammanfattning', i], t]),
    ...a.beskrivning.map((t, i): [Array<string | number>, Fillable<string>] => [['beskrivning', i], t]),
    ...(a.bilagor ?? []).map((b, i): [Array<string | number>, Fillable<string>] => [['bilagor', i, 'titel'], b.titel]),
  ];
  a.bilagor?.forEach((b, i) => {
    if (b.pdf !== undefined) checkPdfFile(context, ['bilagor', i, 'pdf'], b.pdf);
  });
  for (const [path, text] of texts) {
    if (isFillIn(text)) continue;
    for (const name of placeholdersIn(text)) {
      if (!(placeholderNames as readonly string[]).includes(name)) report(context, path, placeholder, { name, allowed: placeholderNames });
    }
  }
}
