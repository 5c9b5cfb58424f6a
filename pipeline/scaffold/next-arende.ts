import { Document, type Scalar, type YAMLMap } from 'yaml';
import type { Arende, Fillable, Register, Tjansteskrivelse } from '../core/model.ts';
import { isFillIn } from '../core/model.ts';

/** A new ärende's files: its common text (arende.yaml) and one draft per municipality, by file name. */
export interface ArendeScaffold {
  files: Array<{ name: string; text: string }>;
}

/**
 * A new ärende from an earlier one, as drafts: an arende.yaml whose every
 * text is a field to fill in, with the earlier ärende's text beside each as a
 * comment to start from (a new matter must not print the old one's words as
 * its own), and a tjänsteskrivelse for each municipality of the register,
 * status utkast, version 1. What belongs to the municipality rather than to
 * the matter (its förvaltning, the committee it writes to, the body that
 * decides) is taken from its letter in the earlier ärende where that was
 * filled in; everything about the case (date, diarienummer, handläggare,
 * earlier decision, signatories) is left to fill in.
 */
export function nextArende(earlier: Arende, letters: readonly Tjansteskrivelse[], register: Register, id: string, today: string): ArendeScaffold {
  const files = [{ name: 'arende.yaml', text: arendeText(earlier, id, today) }];
  for (const municipality of register.kommuner) {
    const letter = letters.find((l) => l.kommun === municipality.id);
    files.push({ name: `${municipality.id}.yaml`, text: letterText(earlier.id, letter, municipality, id, today) });
  }
  return { files };
}

function arendeText(earlier: Arende, id: string, today: string): string {
  const doc = new Document({});
  doc.commentBefore = [
    ' yaml-language-server: $schema=../../../schemas/arende.schema.json',
    '',
    ` Nytt ärende, gjort ${today} ur ärendet ${earlier.id} (handlingar next), med en`,
    ' tjänsteskrivelse till varje kommun i samma mapp. Skriv ärendets text i fälten',
    ` med ifylles; texten i ${earlier.id} står som kommentarer att utgå från. Texten får`,
    ' innehålla platshållarna {titel}, {forvaltning}, {mottagare}, {beslutande}, {kommun}',
    ' och {kommuns} (kommunens namn i genitiv), som varje kommuns tjänsteskrivelse',
    ' fyller i; med program: { namn, kortnamn, period } också {program}, {kortnamn} och',
    ' {period}, med plan: (en verksamhetsplans id) {avgift} och {invanare}, och med',
    ' tidigare_beslut i tjänsteskrivelserna {tidigare_beslut}. Fler avsnitt med egna',
    ' rubriker skrivs under avsnitt: [{ rubrik: …, stycken: [ … ] }]; ett förslag med',
    ' flera beslutspunkter som en lista under forslag.',
  ].join('\n');
  const map = doc.contents as YAMLMap;
  const fillIn = (what: string) => doc.createNode({ ifylles: what }, { flow: true });
  const add = (key: string, value: unknown, was?: string) => {
    const keyNode = doc.createNode(key) as Scalar;
    if (was !== undefined) keyNode.commentBefore = was;
    map.add(doc.createPair(keyNode, value));
  };
  const before = (lines: Array<Fillable<string> | undefined>) => {
    const written = lines.filter((l): l is string => l !== undefined && !isFillIn(l));
    return written.length > 0 ? [` I ${earlier.id}:`, ...written.map((l) => `   ${l}`)].join('\n') : undefined;
  };
  add('typ', 'arende');
  add('id', id);
  const program = earlier.program;
  add('titel', fillIn('ärendets rubrik'), before([earlier.titel, program?.namn, program?.kortnamn, program?.period]));
  add('forslag', fillIn('förslaget till beslut, som en mening'), before(Array.isArray(earlier.forslag) ? earlier.forslag : [earlier.forslag]));
  add('sammanfattning', [fillIn('sammanfattning')], before(earlier.sammanfattning ?? []));
  add('beskrivning', [fillIn('beskrivning av ärendet')], before(earlier.beskrivning));
  add('ekonomi', fillIn('ekonomiska konsekvenser'), before([earlier.ekonomi]));
  add('barn', fillIn('prövning av barnets bästa'), before([earlier.barn]));
  const after: string[] = [];
  if (earlier.avsnitt?.length) {
    // Sections with headings of their own are text like the rest: shown as comments to start from.
    after.push(
      ` Avsnitt med egna rubriker skrivs så här; i ${earlier.id}:`,
      ' avsnitt:',
      ...earlier.avsnitt.flatMap((a) => [
        `   - rubrik: ${a.rubrik}`,
        '     stycken:',
        ...a.stycken.filter((s): s is string => !isFillIn(s)).map((s) => `       - ${s}`),
      ]),
    );
  }
  if (earlier.bilagor?.length) {
    // Bilagor belong to the earlier matter; how one is written is shown, not carried over.
    after.push(
      ` Bilagor (Bilaga 1, 2 …) skrivs så här; i ${earlier.id}:`,
      ' bilagor:',
      ...earlier.bilagor.map(
        (b) =>
          `   - { id: ${b.id}${b.titel === undefined ? '' : `, titel: ${JSON.stringify(isFillIn(b.titel) ? '' : b.titel)}`}${b.fil ? `, fil: ${b.fil}` : ''}${b.pdf ? `, pdf: ${b.pdf}` : ''}${b.dokument ? `, dokument: ${b.dokument}` : ''} }`,
      ),
    );
  }
  if (after.length > 0) map.comment = after.join('\n');
  return doc.toString({ lineWidth: 0 });
}

function letterText(earlierId: string, letter: Tjansteskrivelse | undefined, municipality: Register['kommuner'][number], id: string, today: string): string {
  const doc = new Document({});
  const kept = (value: Fillable<string> | undefined) => value !== undefined && !isFillIn(value);
  const carried = letter && (kept(letter.forvaltning) || kept(letter.mottagare));
  doc.commentBefore = [
    ' yaml-language-server: $schema=../../../schemas/tjansteskrivelse.schema.json',
    '',
    ` Utkast till ${municipality.kommun}s tjänsteskrivelse i ärendet ${id} (arende.yaml i`,
    ` samma mapp), gjort ${today} ur ärendet ${earlierId} (handlingar next). Det kansliet`,
    ' inte vet står som { ifylles: … } och visas som ett fält att fylla i.',
    ...(carried ? [` Förvaltning, mottagare och beslutande är som i ${earlierId}: kontrollera dem.`] : []),
  ].join('\n');
  const map = doc.contents as YAMLMap;
  const fillIn = (what: string) => doc.createNode({ ifylles: what }, { flow: true });
  const orFillIn = (value: Fillable<string> | undefined, what: string) => (value !== undefined && !isFillIn(value) ? value : fillIn(what));
  const entries: Array<[string, unknown]> = [
    ['typ', 'tjansteskrivelse'],
    ['arende', id],
    ['kommun', municipality.id],
    ['status', 'utkast'],
    ['version', 1],
    ['datum', fillIn('datum')],
    ['diarienummer', fillIn('diarienummer')],
    ['handlaggare', fillIn('handläggare (namn, titel, telefon, e-post)')],
    ['forvaltning', orFillIn(letter?.forvaltning, 'förvaltning')],
    ['mottagare', orFillIn(letter?.mottagare, 'mottagare (utskott eller nämnd)')],
    ['beslutande', letter?.beslutande ?? 'kommunstyrelsen'],
    ['underskrifter', Array.from({ length: Math.max(1, letter?.underskrifter.length ?? 2) }, () => fillIn('underskrift (namn och titel)'))],
  ];
  const fromRegister = ' Id i registret (sources/register.yaml); finns personen inte där, lägg till den där först.';
  for (const [key, value] of entries) {
    const keyNode = doc.createNode(key) as Scalar;
    if (key === 'handlaggare' || key === 'underskrifter') keyNode.commentBefore = fromRegister;
    map.add(doc.createPair(keyNode, value));
  }
  return doc.toString({ lineWidth: 0 });
}
