import type { FileProblem } from '../core/files.ts';
import { createMessage, defineRule, type Message, type Rule } from '../core/message.ts';
import { type Person, periodOf, personAsOf, type Register, type SharedSources } from '../core/model.ts';
import { plainWords } from '../core/text.ts';
import { type PathSegment, positionOf, type SourceFile } from '../load/source-file.ts';
import { closest } from './closest.ts';
import type { RegisterList } from './schema-fields.ts';

/** What a rule sees: the source under check, the register, and where its messages go. */
export interface RuleContext {
  source: SourceFile;
  /** The folder of the sources: nothing outside it is read. */
  sourcesDir: string;
  register: Register;
  /** Where the register was read from, so that a message can name a place in it too. */
  registerSource?: SharedSources['registerSource'];
  messages: Message[];
  /** PDF bilagor the source names that passed the checks of their files, to be opened and inspected (see inspectPdfBilagor). */
  pdfs: Array<{ file: string; fil: string; path: readonly PathSegment[] }>;
}

/** Reports a problem at the YAML node found at `path`. */
export function report<P>(context: RuleContext, path: readonly PathSegment[], rule: Rule<P>, params: P): void {
  context.messages.push(createMessage(rule, params, { file: context.source.path, ...positionOf(context.source, path) }));
}

/** The rules a file a source names (a figure's image, a PDF bilaga) is refused by, one for each way it may not be read. */
export interface FileRules<P> {
  missing: Rule<P>;
  outside: Rule<P>;
  'not-a-file': Rule<P>;
  'too-large': Rule<P & { megabytes: number }>;
}

/** Reports why a file a source names may not be read; `params` name it, and one too large is told its size in megabytes, rounded up. */
export function reportFileProblem<P>(context: RuleContext, path: readonly PathSegment[], problem: FileProblem, rules: FileRules<P>, params: P): void {
  if (problem.kind === 'too-large') report(context, path, rules['too-large'], { ...params, megabytes: Math.ceil(problem.bytes / 2 ** 20) });
  else report(context, path, rules[problem.kind], params);
}

/**
 * Where the register says what a person's municipality (or body) is on
 * `date`: its file and line, the period's when one holds then, for a
 * message that names both places.
 */
export function registeredPlace(context: RuleContext, person: Person, date: string | undefined): string {
  const index = context.register.personer.indexOf(person);
  const registered = personAsOf(person, date);
  const period = periodOf(person, date);
  const path = ['personer', index, ...(period ? ['perioder', person.perioder!.indexOf(period)] : []), registered.kommun ? 'kommun' : 'organ'];
  const source = context.registerSource;
  const place = source ? source.at(path) : undefined;
  return source ? `${source.path}${place ? `:${place.line}:${place.column}` : ''}` : 'registret';
}

type Kind = 'person' | 'kommun' | 'organ' | 'person-eller-organ';
interface UnknownId {
  id: string;
  guess?: string;
}

/** "There is no <what> with the id …", with the closest id when there is one, in both languages. */
function unknownReference(kind: Kind, sv: { none: string; the: string }, en: string): Rule<UnknownId> {
  return defineRule<UnknownId>(
    `ref/unknown-${kind}`,
    'error',
    {
      sv: ({ id, guess }) => ({
        reason: `Det finns ${sv.none} med id "${id}" i registret.${guess ? ` Menade du "${guess}"?` : ''}`,
        fix: guess ? `Byt "${id}" mot "${guess}".` : `Lägg till ${sv.the} i sources/register.yaml, eller rätta id:t.`,
      }),
      en: ({ id, guess }) => ({
        reason: `There is no ${en} with the id "${id}" in the register.${guess ? ` Did you mean "${guess}"?` : ''}`,
        fix: guess ? `Replace "${id}" with "${guess}".` : `Add the ${en} to sources/register.yaml, or correct the id.`,
      }),
    },
    ({ id, guess }) => (guess ? { kind: 'replace', text: id, replacement: guess } : undefined),
  );
}

const references: Record<Kind, { rule: Rule<UnknownId>; ids: (r: Register) => Array<{ id: string }> }> = {
  person: { rule: unknownReference('person', { none: 'ingen person', the: 'personen' }, 'person'), ids: (r) => r.personer },
  kommun: { rule: unknownReference('kommun', { none: 'ingen kommun', the: 'kommunen' }, 'municipality'), ids: (r) => r.kommuner },
  organ: { rule: unknownReference('organ', { none: 'inget organ', the: 'organet' }, 'body'), ids: (r) => r.organ },
  'person-eller-organ': {
    rule: unknownReference('person-eller-organ', { none: 'ingen person och inget organ', the: 'personen eller organet' }, 'person or body'),
    ids: (r) => [...r.personer, ...r.organ],
  },
};

/**
 * The register's id for a reference written as a name, or with capitals or
 * å, ä, ö ("Tyresö" → tyreso, "Ebba Östlin" → ebba-ostlin, "Mats-Bergström"
 * → mats-bergstrom), among the entries of the list the field takes (all
 * when the schema names none); none when no entry, or more than one, is
 * written so.
 */
export function registerIdOf(register: Register): (written: string, list?: RegisterList) => string | undefined {
  const plain = (text: string) => plainWords(text).join('-');
  // Each entry by its id and the names it is printed with: a person's, a body's, a municipality's short and long name.
  const entries = (list: RegisterList | undefined) => [
    ...(list === undefined || list === 'personer' || list === 'personer-eller-organ' ? register.personer.map((p) => ({ id: p.id, names: [p.namn] })) : []),
    ...(list === undefined || list === 'organ' || list === 'personer-eller-organ' ? register.organ.map((o) => ({ id: o.id, names: [o.namn] })) : []),
    ...(list === undefined || list === 'kommuner' ? register.kommuner.map((k) => ({ id: k.id, names: [k.namn, k.kommun] })) : []),
  ];
  return (written, list) => {
    const wanted = plain(written);
    const among = entries(list);
    const byId = among.filter((e) => e.id === wanted);
    const matches = byId.length > 0 ? byId : among.filter((e) => e.names.some((name) => plain(name) === wanted));
    return matches.length === 1 ? matches[0]!.id : undefined;
  };
}

/** Checks that an id refers to an entry of the register, suggesting the closest id when it does not. */
export function checkReference(context: RuleContext, path: readonly PathSegment[], id: string | undefined, kind: Kind): void {
  if (id === undefined) return;
  const ids = references[kind].ids(context.register).map((entry) => entry.id);
  if (ids.includes(id)) return;
  const guess = closest(id, ids);
  report(context, path, references[kind].rule, { id, ...(guess !== undefined && { guess }) });
}
