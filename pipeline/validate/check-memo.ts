import { arendeTexts, memoFillIns, placeholdersUsed } from '../core/arende.ts';
import { budgetOf, municipalityFees } from '../core/budget.ts';
import { defineRule } from '../core/message.ts';
import { type Arende, type Fillable, isFillIn, type Person, personAsOf, type SharedSources, type Tjansteskrivelse } from '../core/model.ts';
import { placeholderNames, placeholdersIn } from '../core/placeholders.ts';
import { checkPdfFile } from './check-pdf-bilaga.ts';
import { checkBilagaPlace } from './check-plan.ts';
import { checkAttachedDocument, checkFinal } from './check-shared.ts';
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
  const date = isFillIn(t.datum) ? undefined : t.datum;
  for (const [path, id] of people) {
    if (isFillIn(id)) continue;
    checkReference(context, path, id, 'person');
    const person = context.register.personer.find((p) => p.id === id);
    if (!person) continue;
    checkOwnMunicipality(context, path, person, t, date);
    // A signature prints its signatory's title from the register.
    if (path[0] === 'underskrifter' && personAsOf(person, date).titel === undefined) {
      report(context, path, untitled, { name: person.namn, where: registeredPlace(context, person, date) });
    }
  }
  const arende = shared.arenden.get(t.arende);
  // An ärende that exists but is broken is reported in its own file, instead of here as missing.
  if (!arende && !shared.unusableArenden.has(t.arende)) report(context, ['arende'], unknownArende, { id: t.arende });
  if (!isFillIn(t.datum) && t.tidigare_beslut !== undefined && !isFillIn(t.tidigare_beslut) && t.tidigare_beslut.datum >= t.datum) {
    report(context, ['tidigare_beslut', 'datum'], previousDecision, { previous: t.tidigare_beslut.datum, date: t.datum });
  }
  checkFinal(context, t.status === 'beslutad', t);
  if (!arende) return;
  // The letter prints its ärende's text: a final letter may not print a field still to be written there.
  const open = memoFillIns(t, arende).arende;
  if (t.status === 'beslutad' && open > 0) report(context, ['status'], arendeUnfinished, { id: t.arende, count: open });
  if (arende.kommuner && !arende.kommuner.includes(t.kommun)) report(context, ['kommun'], notAddressed, { id: t.arende, kommuner: arende.kommuner });
  const used = placeholdersUsed(arende);
  if (used.has('tidigare_beslut') && t.tidigare_beslut === undefined) report(context, ['arende'], needsPrevious, { id: t.arende });
  if (!used.has('tidigare_beslut') && t.tidigare_beslut !== undefined) report(context, ['tidigare_beslut'], unusedPrevious, { id: t.arende });
  checkInhabitants(context, t, arende, shared, used);
}

const notAddressed = defineRule<{ id: string; kommuner: readonly string[] }>('tjansteskrivelse/not-addressed', 'error', {
  sv: ({ id, kommuner }) => ({
    reason: `Ärendet ${id} går bara till ${kommuner.join(', ')} (kommuner i arende.yaml), inte till denna kommun.`,
    fix: 'Lägg till kommunen under kommuner i arende.yaml, eller ta bort denna tjänsteskrivelse.',
  }),
  en: ({ id, kommuner }) => ({
    reason: `The ärende ${id} goes only to ${kommuner.join(', ')} (kommuner in arende.yaml), not to this municipality.`,
    fix: 'Add the municipality to kommuner in arende.yaml, or remove this memo.',
  }),
});
const needsPrevious = defineRule<{ id: string }>('tjansteskrivelse/needs-tidigare-beslut', 'error', {
  sv: ({ id }) => ({
    reason: `Ärendet ${id} nämner kommunens tidigare beslut ({tidigare_beslut}), men tjänsteskrivelsen anger inget.`,
    fix: 'Lägg till tidigare_beslut: { organ: …, datum: …, paragraf: … }, eller { ifylles: … } i ett utkast.',
  }),
  en: ({ id }) => ({
    reason: `The ärende ${id} mentions the municipality's earlier decision ({tidigare_beslut}), but the memo gives none.`,
    fix: 'Add tidigare_beslut: { organ: …, datum: …, paragraf: … }, or { ifylles: … } in a draft.',
  }),
});
const unusedPrevious = defineRule<{ id: string }>('tjansteskrivelse/unused-tidigare-beslut', 'warning', {
  sv: ({ id }) => ({
    reason: `Det tidigare beslutet skrivs inte ut: ärendet ${id} nämner det inte ({tidigare_beslut}).`,
    fix: 'Ta bort tidigare_beslut, eller nämn {tidigare_beslut} i ärendets text.',
  }),
  en: ({ id }) => ({
    reason: `The earlier decision is not printed: the ärende ${id} does not mention it ({tidigare_beslut}).`,
    fix: "Remove tidigare_beslut, or mention {tidigare_beslut} in the ärende's text.",
  }),
});
const noInhabitants = defineRule<{ kommun: string; day: string; register: string; plan: string }>('tjansteskrivelse/no-inhabitants', 'error', {
  sv: ({ kommun, day, register, plan }) => ({
    reason: `Ärendet skriver kommunens avgift eller invånare ({avgift}, {invanare}), men registret (${register}) har inget invånarantal för ${kommun} den ${day}, dagen planen ${plan} räknar invånare.`,
    fix: `Lägg till invanare: [{ antal: …, datum: ${day} }] för ${kommun} i registret.`,
  }),
  en: ({ kommun, day, register, plan }) => ({
    reason: `The ärende states the municipality's fee or inhabitants ({avgift}, {invanare}), but the register (${register}) has no count of inhabitants for ${kommun} on ${day}, the day the plan ${plan} counts them.`,
    fix: `Add invanare: [{ antal: …, datum: ${day} }] for ${kommun} to the register.`,
  }),
});

/** A letter that states its municipality's fee has the municipality's inhabitants in the register, counted on the plan's day. */
function checkInhabitants(context: RuleContext, t: Tjansteskrivelse, arende: Arende, shared: SharedSources, used: Set<string>): void {
  if (!used.has('avgift') && !used.has('invanare')) return;
  const plan = arende.plan === undefined ? undefined : shared.planer.get(arende.plan);
  const budget = plan && budgetOf(plan);
  const day = budget?.invanare.datum;
  if (!budget || day === undefined || isFillIn(day)) return;
  const municipality = shared.register.kommuner.find((k) => k.id === t.kommun);
  if (!municipality || municipalityFees(budget, shared.register)?.find((f) => f.id === t.kommun)?.inhabitants !== undefined) return;
  report(context, ['kommun'], noInhabitants, { kommun: municipality.kommun, day, register: shared.registerSource?.path ?? 'registret', plan: arende.plan! });
}

const untitled = defineRule<{ name: string; where: string }>('tjansteskrivelse/signatory-without-title', 'warning', {
  sv: ({ name, where }) => ({
    reason: `${name} undertecknar utan titel: registret (${where}) har ingen titel för ${name} på tjänsteskrivelsens datum.`,
    fix: `Lägg till titel för ${name} i registret (under perioder om titeln har ändrats).`,
  }),
  en: ({ name, where }) => ({
    reason: `${name} signs without a title: the register (${where}) has no title for ${name} on the memo's date.`,
    fix: `Add a title for ${name} to the register (under perioder if the title changed).`,
  }),
});

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
function checkOwnMunicipality(context: RuleContext, path: Array<string | number>, person: Person, t: Tjansteskrivelse, date: string | undefined): void {
  const kommun = personAsOf(person, date).kommun;
  if (!kommun || kommun === t.kommun) return;
  const name = (k: string) => context.register.kommuner.find((m) => m.id === k)?.kommun ?? k;
  report(context, path, otherMunicipality, { name: person.namn, theirs: name(kommun), letter: name(t.kommun), where: registeredPlace(context, person, date) });
}

/** An ärende's placeholders are ones the tjänsteskrivelser can fill (with a value to fill them with), its plan and documents exist, its PDF bilagor too. */
export function checkArende(context: RuleContext, a: Arende, shared: SharedSources): void {
  a.bilagor?.forEach((b, i) => {
    const given = (['fil', 'pdf', 'dokument'] as const).filter((field) => b[field] !== undefined);
    if (b.pdf !== undefined) checkPdfFile(context, ['bilagor', i, 'pdf'], b.pdf);
    if (given.length > 1) report(context, ['bilagor', i, given[1]!], pdfAndDocument, { fields: given });
    else if (b.dokument !== undefined) checkAttachedDocument(context, ['bilagor', i, 'dokument'], b.dokument, shared);
    checkBilagaPlace(context, a.bilagor!, i, typeof b.titel === 'string' ? b.titel : b.id, shared);
  });
  if (a.plan !== undefined && !shared.planer.has(a.plan) && shared.documentIds.get(a.plan) !== 'verksamhetsplan')
    report(context, ['plan'], unknownPlan, { id: a.plan, known: [...shared.planer.keys()] });
  // What a placeholder stands for must be in the ärende: a programme's short name, a plan for the fee.
  const given: Record<string, boolean> = {
    program: a.program !== undefined,
    kortnamn: a.program?.kortnamn !== undefined,
    period: a.program?.period !== undefined,
    avgift: a.plan !== undefined,
    invanare: a.plan !== undefined,
  };
  for (const [path, text] of arendeTexts(a)) {
    if (isFillIn(text)) continue;
    for (const name of placeholdersIn(text)) {
      if (!(placeholderNames as readonly string[]).includes(name)) report(context, path, placeholder, { name, allowed: placeholderNames });
      else if (given[name] === false) report(context, path, noValue, { name });
    }
  }
}

const noValue = defineRule<{ name: string }>('arende/placeholder-without-value', 'error', {
  sv: ({ name }) => ({
    reason: `Texten använder {${name}}, men ärendet anger inte ${name === 'avgift' || name === 'invanare' ? 'vilken verksamhetsplan avgiften kommer från (plan)' : `programmets ${name === 'program' ? 'namn (program.namn)' : name}`}.`,
    fix:
      name === 'avgift' || name === 'invanare'
        ? 'Lägg till plan: med verksamhetsplanens id, t.ex. plan: vp-2024.'
        : `Lägg till ${name === 'program' ? 'program: { namn: … }' : `${name} under program`}, eller skriv ut texten.`,
  }),
  en: ({ name }) => ({
    reason: `The text uses {${name}}, but the ärende does not give ${name === 'avgift' || name === 'invanare' ? 'the plan the fee comes from (plan)' : `the programme's ${name === 'program' ? 'name (program.namn)' : name}`}.`,
    fix:
      name === 'avgift' || name === 'invanare'
        ? "Add plan: with the plan's id, e.g. plan: vp-2024."
        : `Add ${name === 'program' ? 'program: { namn: … }' : `${name} under program`}, or write the text out.`,
  }),
});
const unknownPlan = defineRule<{ id: string; known: readonly string[] }>('arende/unknown-plan', 'error', {
  sv: ({ id, known }) => ({
    reason: `Det finns ingen verksamhetsplan med id "${id}".`,
    fix: known.length > 0 ? `Verksamhetsplaner i projektet: ${known.join(', ')}.` : 'Lägg till verksamhetsplanen, eller ta bort plan.',
  }),
  en: ({ id, known }) => ({
    reason: `There is no plan with the id "${id}".`,
    fix: known.length > 0 ? `Plans in the project: ${known.join(', ')}.` : 'Add the plan, or remove plan.',
  }),
});
const pdfAndDocument = defineRule<{ fields: readonly string[] }>('arende/bilaga-pdf-and-dokument', 'error', {
  sv: ({ fields }) => ({
    reason: `Bilagan anger mer än en källa (${fields.join(', ')}): en bilagefil (fil), en PDF (pdf) eller ett dokument i projektet (dokument).`,
    fix: 'Behåll en av dem.',
  }),
  en: ({ fields }) => ({
    reason: `The bilaga gives more than one source (${fields.join(', ')}): a bilaga file (fil), a PDF (pdf) or a document of the project (dokument).`,
    fix: 'Keep one of them.',
  }),
});
