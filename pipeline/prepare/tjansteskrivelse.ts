import { arendeTexts, arendeTitle, proposalPoints } from '../core/arende.ts';
import { budgetOf, municipalityFees } from '../core/budget.ts';
import { capitalize, formatAmount, formatNumber, genitive } from '../core/format.ts';
import { type Arende, type BilagaFil, type Fillable, isFillIn, type Register, type Tjansteskrivelse, type Verksamhetsplan } from '../core/model.ts';
import { fillPlaceholders, inlineText, type PlaceholderName } from '../core/placeholders.ts';
import type { Inline, MemoBlock, TjansteskrivelseView } from '../core/view.ts';
import { prepareBlocks } from './blocks.ts';
import type { Lookup } from './lookup.ts';

/**
 * Makes one municipality's tjänsteskrivelse ready to print. The ärende's
 * title and programme are written once, in the ärende, so heading, proposal
 * and closing paragraph always agree; the closing paragraph is generated
 * from the proposal. `plans` are the project's plans by id, for {avgift};
 * `titleOf` gives the title of a document of the project a bilaga names.
 */
export function prepareTjansteskrivelse(
  t: Tjansteskrivelse,
  arende: Arende,
  lookup: Lookup,
  {
    plans = new Map(),
    titleOf = (id) => id,
    bilagaFiles = new Map(),
    images = new Map(),
  }: {
    plans?: ReadonlyMap<string, Verksamhetsplan>;
    titleOf?: (document: string) => string;
    bilagaFiles?: ReadonlyMap<string, BilagaFil>;
    images?: ReadonlyMap<object, string>;
  } = {},
): TjansteskrivelseView {
  const municipality = lookup.municipality(t.kommun);
  const values = placeholderValues(t, arende, lookup, plans);
  // A text still to be written in the ärende shows as the field it is.
  const fill = (text: Fillable<string>): Inline => (isFillIn(text) ? text : fillPlaceholders(text, values));
  const title = arendeTitle(arende);
  const name = inlineText(title);
  const points = proposalPoints(arende);
  const prose = arendeProse(arende);
  const names = registerNameWords(lookup.registerData());
  const continued = points.map((p) => (isFillIn(p) ? p : fill(asContinuation(p, prose, names))));
  const lead: Inline = [t.forvaltning, ' föreslår att ', t.mottagare, ` föreslår att ${t.beslutande} beslutar att`];
  // One point continues the sentence; several follow it as a list.
  const closing: MemoBlock[] = continued.length === 1 ? [{ text: [lead, ' ', continued[0]!] }] : [{ text: lead }, { punkter: continued }];
  const paragraphs = (texts: ReadonlyArray<Fillable<string>>): MemoBlock[] => texts.map((text) => ({ text: fill(text) }));
  const handlaggare = isFillIn(t.handlaggare) ? undefined : lookup.person(t.handlaggare);
  const kortnamn = arende.program?.kortnamn;
  // The year a bilaga's blocks speak of (a budget's, a chair's) is the letter's.
  const letterYear = isFillIn(t.datum) ? Number.NaN : Number(t.datum.slice(0, 4));
  return {
    meta: {
      title: `${name} – tjänsteskrivelse, ${municipality.kommun}`,
      // What the letter is, not what it proposes: a proposal may note, approve or reject, in the ärende's own words.
      subject: `Förslag till beslut i ${t.beslutande}: ${name}`,
      author: municipality.kommun,
      keywords: ['tjänsteskrivelse', ...(kortnamn === undefined || isFillIn(kortnamn) ? [] : [kortnamn]), municipality.namn],
      ...(!isFillIn(t.datum) && { date: t.datum }),
      draft: t.status === 'utkast',
      header: municipality.kommun,
    },
    kommun: municipality.kommun,
    handlaggare: handlaggare
      ? {
          forvaltning: t.forvaltning,
          namn: handlaggare.namn,
          ...(handlaggare.titel !== undefined && { titel: handlaggare.titel }),
          ...(handlaggare.telefon !== undefined && { telefon: handlaggare.telefon }),
          ...(handlaggare.epost !== undefined && { epost: handlaggare.epost }),
        }
      : { forvaltning: t.forvaltning, namn: t.handlaggare as Inline },
    datum: t.datum,
    diarienummer: t.diarienummer,
    mottagare: mapText(t.mottagare, capitalize),
    titel: fill(title),
    forslagRubrik: [mapText(t.forvaltning, genitive), ' förslag till ', t.mottagare, ` för beslut i ${t.beslutande}`],
    forslag: points.map(fill),
    underskrifter: {
      forvaltning: t.forvaltning,
      personer: t.underskrifter.map((u) => {
        if (isFillIn(u)) return { namn: u };
        const p = lookup.person(u);
        return { namn: p.namn, ...(p.titel !== undefined && { titel: p.titel }) };
      }),
    },
    sektioner: [
      ...(arende.sammanfattning ? [{ id: 'sammanfattning', rubrik: 'Sammanfattning', stycken: paragraphs(arende.sammanfattning) }] : []),
      {
        id: 'beskrivning',
        rubrik: 'Beskrivning av ärendet',
        stycken: [...paragraphs(arende.beskrivning), ...closing, ...paragraphs([arende.ekonomi, arende.barn].filter((p) => p !== undefined))],
      },
      ...(arende.avsnitt ?? []).map((a, i) => ({ id: `avsnitt-${i + 1}`, rubrik: a.rubrik, stycken: paragraphs(a.stycken) })),
    ],
    bilagor: (arende.bilagor ?? []).map((b) => (b.titel === undefined ? titleOf(b.dokument!) : fill(b.titel))),
    // A bilaga file is set in the letter's own style, on pages of its own after it.
    bilagaDelar: (arende.bilagor ?? []).flatMap((b, i) => {
      const file = b.fil === undefined ? undefined : bilagaFiles.get(b.fil);
      if (!file) return [];
      const title = b.titel === undefined ? b.id : fill(b.titel);
      return [
        { id: b.id, anchor: `bilaga-${b.id}`, label: `Bilaga ${i + 1}`, title, blocks: prepareBlocks(file.innehall, { lookup, year: letterYear, images }) },
      ];
    }),
  };
}

/** What each placeholder stands for in this municipality's letter; one without a value is left as written (validation reports it). */
function placeholderValues(t: Tjansteskrivelse, arende: Arende, lookup: Lookup, plans: ReadonlyMap<string, Verksamhetsplan>) {
  const municipality = lookup.municipality(t.kommun);
  const previous = t.tidigare_beslut;
  const values: Partial<Record<PlaceholderName, Inline>> = {
    titel: arendeTitle(arende),
    forvaltning: t.forvaltning,
    mottagare: t.mottagare,
    beslutande: t.beslutande,
    kommun: municipality.kommun,
    kommuns: genitive(municipality.kommun),
  };
  if (arende.program) values.program = arende.program.namn;
  if (arende.program?.kortnamn !== undefined) values.kortnamn = arende.program.kortnamn;
  if (arende.program?.period !== undefined) values.period = arende.program.period;
  if (previous !== undefined) values.tidigare_beslut = isFillIn(previous) ? previous : `${previous.organ} ${previous.datum} §\u00a0${previous.paragraf}`;
  const plan = arende.plan === undefined ? undefined : plans.get(arende.plan);
  const budget = plan && budgetOf(plan);
  if (budget) {
    const share = municipalityFees(budget, lookup.registerData())?.find((m) => m.id === t.kommun);
    // A count the plan or the register does not have yet is computed once it is there: never guessed.
    const pending = { ifylles: 'räknas ut' };
    values.avgift = share?.fee === undefined ? pending : formatAmount(share.fee);
    values.invanare = share?.inhabitants === undefined ? pending : formatNumber(share.inhabitants);
  }
  return values;
}

function mapText(value: Fillable<string>, f: (text: string) => string): Inline {
  return isFillIn(value) ? value : f(value);
}

/**
 * The proposal as it continues "… beslutar att": its first word in lower
 * case ("Förslag till …" → "förslag till …"), unless that word is a name.
 * A placeholder ({program}) and an acronym (SUP) are names; so is a word
 * the ärende writes with a capital inside a sentence ("… med Södertörns …"),
 * and a word of a name in the register ("Södertörns kansli", "Botkyrka").
 */
function asContinuation(proposal: string, prose: string, names: ReadonlySet<string>): string {
  const word = /^\p{Lu}\p{Ll}+/u.exec(proposal)?.[0];
  if (!word || names.has(word) || new RegExp(`[\\p{Ll}\\p{N},;:][^\\S\\n]+${word}(?!\\p{L})`, 'u').test(prose)) return proposal;
  return proposal.charAt(0).toLowerCase() + proposal.slice(1);
}

/** The capitalised words of the register's names: its bodies', municipalities' and people's. */
function registerNameWords(register: Register): Set<string> {
  const names = [
    ...register.organ.flatMap((o) => [o.namn, o.fullt_namn]),
    ...register.kommuner.flatMap((k) => [k.namn, k.kommun]),
    ...register.personer.map((p) => p.namn),
  ];
  return new Set(names.flatMap((name) => name?.match(/\p{Lu}\p{Ll}+/gu) ?? []));
}

/** The ärende's written text, its title and programme's names in place, to tell names from ordinary words. */
function arendeProse(arende: Arende): string {
  const names: Record<string, Fillable<string> | undefined> = {
    titel: arende.titel,
    program: arende.program?.namn,
    kortnamn: arende.program?.kortnamn,
    period: arende.program?.period,
  };
  const written = (text: Fillable<string> | undefined) => (text === undefined || isFillIn(text) ? '' : text);
  return arendeTexts(arende)
    .map(([, text]) => written(text).replace(/\{(titel|program|kortnamn|period)\}/g, (_, name: string) => written(names[name])))
    .join('\n');
}
