import { capitalize, genitive } from '../core/format.ts';
import { type Arende, type Fillable, isFillIn, type Tjansteskrivelse } from '../core/model.ts';
import { fillPlaceholders, inlineText, type PlaceholderName } from '../core/placeholders.ts';
import type { Inline, TjansteskrivelseView } from '../core/view.ts';
import type { Lookup } from './lookup.ts';

/**
 * Makes one municipality's tjänsteskrivelse ready to print. The programme's
 * name comes from the ärende alone, so title, proposal and closing paragraph
 * always agree; the closing paragraph is generated from the proposal.
 */
export function prepareTjansteskrivelse(t: Tjansteskrivelse, arende: Arende, lookup: Lookup): TjansteskrivelseView {
  const municipality = lookup.municipality(t.kommun);
  const previous: Inline = isFillIn(t.tidigare_beslut)
    ? t.tidigare_beslut
    : `${t.tidigare_beslut.organ} ${t.tidigare_beslut.datum} §\u00a0${t.tidigare_beslut.paragraf}`;
  const values: Record<PlaceholderName, Inline> = {
    program: arende.program.namn,
    kortnamn: arende.program.kortnamn,
    period: arende.program.period,
    tidigare_beslut: previous,
    forvaltning: t.forvaltning,
    mottagare: t.mottagare,
    beslutande: t.beslutande,
    kommun: municipality.kommun,
  };
  // A text still to be written in the ärende shows as the field it is.
  const fill = (text: Fillable<string>): Inline => (isFillIn(text) ? text : fillPlaceholders(text, values));
  const name = inlineText(arende.program.namn);
  const proposal = fill(arende.forslag);
  const continued = isFillIn(arende.forslag) ? arende.forslag : fill(asContinuation(arende.forslag, arendeProse(arende)));
  const closing: Inline = [t.forvaltning, ' föreslår att ', t.mottagare, ` föreslår att ${t.beslutande} beslutar att `, continued];
  const handlaggare = isFillIn(t.handlaggare) ? undefined : lookup.person(t.handlaggare);
  return {
    meta: {
      title: `${name} – tjänsteskrivelse, ${municipality.kommun}`,
      subject: `Förslag att ${t.beslutande} godkänner ${name}`,
      author: municipality.kommun,
      keywords: ['tjänsteskrivelse', ...(isFillIn(arende.program.kortnamn) ? [] : [arende.program.kortnamn]), municipality.namn],
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
    titel: arende.program.namn,
    forslagRubrik: [mapText(t.forvaltning, genitive), ' förslag till ', t.mottagare, ` för beslut i ${t.beslutande}`],
    forslag: proposal,
    underskrifter: {
      forvaltning: t.forvaltning,
      personer: t.underskrifter.map((u) => {
        if (isFillIn(u)) return { namn: u };
        const p = lookup.person(u);
        return { namn: p.namn, ...(p.titel !== undefined && { titel: p.titel }) };
      }),
    },
    sammanfattning: arende.sammanfattning.map(fill),
    beskrivning: [...arende.beskrivning.map(fill), closing],
    ekonomi: fill(arende.ekonomi),
    barn: fill(arende.barn),
    bilagor: (arende.bilagor ?? []).map((b) => fill(b.titel)),
  };
}

function mapText(value: Fillable<string>, f: (text: string) => string): Inline {
  return isFillIn(value) ? value : f(value);
}

/**
 * The proposal as it continues "… beslutar att": its first word in lower
 * case ("Förslag till …" → "förslag till …"), unless that word is a name.
 * A placeholder ({program}) and an acronym (SUP) are names; so is a word
 * the ärende writes with a capital inside a sentence ("… med Södertörns …").
 */
function asContinuation(proposal: string, prose: string): string {
  const word = /^\p{Lu}\p{Ll}+/u.exec(proposal)?.[0];
  if (!word || new RegExp(`[\\p{Ll}\\p{N},;:]\\s+${word}(?!\\p{L})`, 'u').test(prose)) return proposal;
  return proposal.charAt(0).toLowerCase() + proposal.slice(1);
}

/** The ärende's written text, its programme's names in place, to tell names from ordinary words. */
function arendeProse(arende: Arende): string {
  const names: Record<string, Fillable<string>> = { program: arende.program.namn, kortnamn: arende.program.kortnamn, period: arende.program.period };
  return [arende.forslag, ...arende.sammanfattning, ...arende.beskrivning, arende.ekonomi, arende.barn]
    .filter((text): text is string => !isFillIn(text))
    .map((text) => text.replace(/\{(program|kortnamn|period)\}/g, (_, name: string) => (isFillIn(names[name]) ? '' : (names[name] as string))))
    .join('\n');
}
