/**
 * The shapes of validated sources, mirroring schemas/*.schema.json. Code after
 * the validate stage may rely on them; nothing before it may.
 */

/** The source types that have a schema of their own: `typ` in the YAML names one of them. */
export const sourceTypes = ['verksamhetsplan', 'minnesanteckningar', 'tjansteskrivelse', 'arende', 'bilaga', 'register'] as const;
export type SourceType = (typeof sourceTypes)[number];

/** The source types that become documents (PDFs); the others are used by them. */
export const documentKinds = ['verksamhetsplan', 'minnesanteckningar', 'tjansteskrivelse'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** What a document's source says of it (`status`): a draft, or final (a plan or letter beslutad, minutes justerade). */
export const documentStatuses = ['utkast', 'beslutad', 'justerad'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

export interface FillIn {
  ifylles: string;
}
export type Fillable<T> = T | FillIn;

export interface Beslut {
  organ: string;
  datum: string;
}
export interface Tid {
  start: string;
  slut: string;
}

export interface AktivitetRad {
  id: string;
  aktivitet: string;
  punkter?: string[];
  kommentar?: string;
}
export interface Aktiviteter {
  id: string;
  rubrik?: string;
  mal?: string;
  ansvar?: string;
  rader: AktivitetRad[];
}

export interface KalenderRad {
  id: string;
  datum: string;
  till?: string;
  notering?: string;
  plats?: string;
  installt?: boolean;
  annan_veckodag?: boolean;
}
export interface Kalendarium {
  id: string;
  organ?: string;
  rubrik?: string;
  tid?: Tid;
  plats?: string;
  rader: KalenderRad[];
}

export interface BudgetRad {
  id: string;
  text: string;
  belopp?: number;
  avgift?: true;
  ungefar?: boolean;
}
export interface Budget {
  avgift_per_invanare: number;
  avgiftsbeslut: Beslut;
  /** In a draft, either may be left to fill in: the fee and the sums are then unknown until it is. */
  invanare: { antal: Fillable<number>; datum: Fillable<string> };
  /** Print each municipality's fee in a table, from the register's inhabitants. */
  avgift_per_kommun?: true;
  intakter: BudgetRad[];
  kostnader: BudgetRad[];
  summa_intakter?: number;
  summa_kostnader?: number;
}

/** Who chairs a body in the plan's year; a draft may not know yet (ifylles). */
export interface Ordforandeskap {
  organ: string;
  ordforande: Fillable<string>;
  vice_ordforande?: Fillable<string>;
  valda?: Fillable<string>;
}

export interface HandlingsplanRad {
  id: string;
  rubrik?: string;
  delmal?: string;
  aktivitet?: string;
  ansvarig?: string;
  kostnad?: string;
  tid?: string;
  kommentar?: string;
}
export interface Handlingsplan {
  id: string;
  rader: HandlingsplanRad[];
}

export interface Avtal {
  paragrafer: Array<{ id: string; rubrik: string; stycken: string[] }>;
  underskrifter: Array<{ kommun: string; datum: string }>;
}

/** A goal of a goal structure: a table of activities' goal (by the table's id), or a text of its own. */
export interface Malnod {
  aktiviteter?: string;
  rubrik?: string;
  text?: string;
}
/** A goal structure, drawn as a diagram: the vision, its goals, and each goal's sub-goals. */
export interface Malstruktur {
  vision: string;
  mal: Array<Malnod & { delmal?: Malnod[] }>;
}
/** A figure: its alternative text, its caption, and the figure itself: a diagram drawn from the source's data, or an image file (one of the two). */
export interface Figur {
  alt: string;
  bildtext: string;
  malstruktur?: Malstruktur;
  /** A PNG, JPEG or SVG file, its path relative to the source's folder. */
  bild?: string;
}

/** The tables of activities among blocks, by id: where a goal structure's goals are taken from. */
export function activityTables(blocks: readonly Block[]): Map<string, Aktiviteter> {
  return new Map(blocks.flatMap((b) => (b.aktiviteter ? [[b.aktiviteter.id, b.aktiviteter] as const] : [])));
}

/** A block has exactly one of these keys. */
export interface Block {
  stycke?: string;
  lista?: string[];
  numrerad?: string[];
  rubrik?: string;
  underrubrik?: string;
  citat?: string;
  /** A figure; a caption alone (a string, as archived editions have) is refused by validation. */
  figur?: Figur | string;
  uppgifter?: Array<{ term: string; text: string }>;
  aktiviteter?: Aktiviteter;
  kalendarium?: Kalendarium;
  budget?: Budget;
  ordforandeskap?: Ordforandeskap[];
  handlingsplan?: Handlingsplan;
  avtal?: Avtal;
}

export interface Sektion {
  id: string;
  rubrik: string;
  innehall: Block[];
}
export interface BilagaRef {
  id: string;
  /** The title in the table of contents; for another document of the project, its own title unless given. */
  titel?: string;
  fil?: string;
  innehall?: Block[];
  pdf?: string;
  /** The id of another document of the project (a plan, minutes), built first and appended. */
  dokument?: string;
}

export interface Verksamhetsplan {
  typ: 'verksamhetsplan';
  id: string;
  ar: number;
  utgivare: string;
  datum: string;
  status: 'utkast' | 'beslutad';
  beslut?: Beslut;
  version: number;
  motto?: { rubrik: string; text?: string };
  sektioner: Sektion[];
  bilagor?: BilagaRef[];
}

export interface BilagaFil {
  typ: 'bilaga';
  id: string;
  innehall: Block[];
}

/** What the register says of a person that may change: held from a date (to a date) in `perioder`. */
export interface PersonDetails {
  titel?: string;
  kommun?: string;
  organ?: string;
  telefon?: string;
  epost?: string;
}
export interface Person extends PersonDetails {
  id: string;
  namn: string;
  perioder?: Array<PersonDetails & { fran: string; till?: string }>;
}

/** The period of a person's that held on `date` (periods do not overlap: validation sees to it). */
export function periodOf(person: Person, date: string | undefined): NonNullable<Person['perioder']>[number] | undefined {
  if (date === undefined) return undefined;
  return person.perioder?.find((p) => p.fran <= date && (p.till === undefined || date <= p.till));
}

/** A person as the register says they were on `date`: the period that held then over what is written on the person. */
export function personAsOf(person: Person, date: string | undefined): Person {
  const period = periodOf(person, date);
  if (!period) return person;
  const { fran: _from, till: _to, ...details } = period;
  // A period that names a body replaces the municipality, and the other way round: a person belongs to one.
  const { kommun, organ, ...rest } = person;
  return { ...rest, ...(details.kommun || details.organ ? {} : { ...(kommun && { kommun }), ...(organ && { organ }) }), ...details };
}

export interface Register {
  typ: 'register';
  /** Municipalities; `invanare` their inhabitants, each count with the day it was counted. */
  kommuner: Array<{ id: string; namn: string; kommun: string; invanare?: Array<{ antal: number; datum: string }> }>;
  organ: Array<{ id: string; namn: string; fullt_namn?: string; veckodag?: string }>;
  personer: Person[];
}

export interface Uppdrag {
  ansvarig: string;
  uppgift: string;
}
export interface MotesBeslut {
  id: string;
  text?: string;
  uppdrag?: Uppdrag[];
}
/** An assignment of an earlier meeting followed up: from which meeting and item, and how it went. */
export interface Uppfoljning {
  ansvarig: string;
  uppgift: string;
  fran: { datum: string; punkt?: string };
  status?: Fillable<'pågår' | 'klart' | 'utgår'>;
  kommentar?: string;
}

export interface Punkt {
  id: string;
  rubrik: string;
  innehall?: Block[];
  diskussion?: Block[];
  uppfoljning?: Uppfoljning[];
  beslut?: MotesBeslut[];
  efter_beslut?: Block[];
  underpunkter?: Punkt[];
}
/** One person at a meeting, with what the minutes themselves state of them (printed as stated, checked against the register). */
export interface Attendee {
  person: string;
  digitalt?: boolean;
  kommun?: string;
  organ?: string;
}

/** An attendee as an object, whether the minutes wrote an id or an object. */
export function attendee(entry: string | Attendee): Attendee {
  return typeof entry === 'string' ? { person: entry } : entry;
}

export interface Minnesanteckningar {
  typ: 'minnesanteckningar';
  id: string;
  organ: string;
  datum: string;
  tid: Tid;
  plats: Fillable<string>;
  status: 'utkast' | 'justerad';
  version: number;
  ordforande: string;
  sekreterare: string;
  justerare: Fillable<string>;
  deltagare: Array<string | Attendee>;
  franvarande?: Array<string | Attendee>;
  punkter: Punkt[];
  nasta_mote?: { datum: string; tid: Tid; plats: string; stycken?: string[] };
}

export interface Arende {
  typ: 'arende';
  id: string;
  /** The heading of every letter; the programme's name when there is none. */
  titel?: Fillable<string>;
  program?: { namn: Fillable<string>; kortnamn?: Fillable<string>; period?: Fillable<string> };
  /** The plan whose fee the ärende's {avgift} and {invanare} state, per municipality. */
  plan?: string;
  /** The municipalities that get a letter; all the register's when absent. */
  kommuner?: string[];
  /** The proposal: one sentence, or one per point of the decision. */
  forslag: Fillable<string> | Array<Fillable<string>>;
  sammanfattning?: Array<Fillable<string>>;
  beskrivning: Array<Fillable<string>>;
  ekonomi?: Fillable<string>;
  barn?: Fillable<string>;
  /** Further sections with headings of their own, after the description. */
  avsnitt?: Array<{ rubrik: string; stycken: Array<Fillable<string>> }>;
  /** `fil`: a bilaga file (typ: bilaga), printed as part of every letter; `pdf` and `dokument` are appended after it. */
  bilagor?: Array<{ id: string; titel?: Fillable<string>; fil?: string; pdf?: string; dokument?: string }>;
}

export interface TidigareBeslut {
  organ: string;
  datum: string;
  paragraf: number;
}
export interface Tjansteskrivelse {
  typ: 'tjansteskrivelse';
  arende: string;
  kommun: string;
  status: 'utkast' | 'beslutad';
  version: number;
  datum: Fillable<string>;
  diarienummer: Fillable<string>;
  handlaggare: Fillable<string>;
  forvaltning: Fillable<string>;
  mottagare: Fillable<string>;
  beslutande: string;
  tidigare_beslut?: Fillable<TidigareBeslut>;
  underskrifter: Array<Fillable<string>>;
}

/** True for a `{ ifylles: … }` placeholder. */
export function isFillIn(value: unknown): value is FillIn {
  return typeof value === 'object' && value !== null && 'ifylles' in value;
}

/** Counts the fields still to be filled in anywhere inside a value. */
export function countFillIns(value: unknown): number {
  if (isFillIn(value)) return 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countFillIns(v), 0);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce((n: number, v) => n + countFillIns(v), 0);
  return 0;
}

/** The validated sources every document may use besides its own: the register, bilaga files by absolute path, ärenden by id. */
export interface SharedSources {
  register: Register;
  /** Where the register was read from: its path for messages, and a position for each node (see positionOf). */
  registerSource?: { path: string; at: (path: ReadonlyArray<string | number>) => { line: number; column: number } };
  bilagaFiles: ReadonlyMap<string, BilagaFil>;
  arenden: ReadonlyMap<string, Arende>;
  /** The plans that passed their schema, by id: an ärende states a plan's fee per municipality. */
  planer: ReadonlyMap<string, Verksamhetsplan>;
  /**
   * Sources that exist but cannot be used (unreadable, or failing their
   * schema), by absolute path, and the ids the ärenden among them declare: a
   * reference to one is not called missing, since its own messages say what
   * is wrong (the root cause, reported instead of the follow-on).
   */
  unusable: ReadonlySet<string>;
  unusableArenden: ReadonlySet<string>;
  /** The documents another can attach as a bilaga (`dokument: vp-2024`), by id: plans and minutes that passed their schema. */
  dokument: ReadonlyMap<string, ProjectDocument>;
  /** The id of every plan and minutes read, with its kind; also of those that failed their schema (whose own messages say why). */
  documentIds: ReadonlyMap<string, ProjectDocument['kind']>;
}

/** A document of the project with an id of its own, which another document can attach. */
export type ProjectDocument = { kind: 'verksamhetsplan'; data: Verksamhetsplan } | { kind: 'minnesanteckningar'; data: Minnesanteckningar };
