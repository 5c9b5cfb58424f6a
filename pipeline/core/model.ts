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
  invanare: { antal: number; datum: string };
  intakter: BudgetRad[];
  kostnader: BudgetRad[];
  summa_intakter?: number;
  summa_kostnader?: number;
}

export interface Ordforandeskap {
  organ: string;
  ordforande: string;
  vice_ordforande?: string;
  valda?: string;
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

/** A block has exactly one of these keys. */
export interface Block {
  stycke?: string;
  lista?: string[];
  numrerad?: string[];
  rubrik?: string;
  underrubrik?: string;
  citat?: string;
  figur?: string;
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
  titel: string;
  fil?: string;
  innehall?: Block[];
  pdf?: string;
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

export interface Register {
  typ: 'register';
  kommuner: Array<{ id: string; namn: string; kommun: string }>;
  organ: Array<{ id: string; namn: string; fullt_namn?: string; veckodag?: string }>;
  personer: Array<{ id: string; namn: string; titel?: string; kommun?: string; organ?: string; telefon?: string; epost?: string }>;
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
export interface Punkt {
  id: string;
  rubrik: string;
  innehall?: Block[];
  diskussion?: Block[];
  beslut?: MotesBeslut[];
  efter_beslut?: Block[];
  underpunkter?: Punkt[];
}
export interface Minnesanteckningar {
  typ: 'minnesanteckningar';
  id: string;
  organ: string;
  datum: string;
  tid: Tid;
  plats: string;
  status: 'utkast' | 'justerad';
  version: number;
  ordforande: string;
  sekreterare: string;
  justerare: string;
  deltagare: Array<string | { person: string; digitalt?: boolean }>;
  franvarande?: string[];
  punkter: Punkt[];
  nasta_mote?: { datum: string; tid: Tid; plats: string; stycken?: string[] };
}

export interface Arende {
  typ: 'arende';
  id: string;
  program: { namn: string; kortnamn: string; period: string };
  forslag: string;
  sammanfattning: string[];
  beskrivning: string[];
  ekonomi: string;
  barn: string;
  bilagor?: Array<{ id: string; titel: string; pdf?: string }>;
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
  tidigare_beslut: Fillable<TidigareBeslut>;
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
  bilagaFiles: ReadonlyMap<string, BilagaFil>;
  arenden: ReadonlyMap<string, Arende>;
}
