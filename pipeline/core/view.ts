import type { FillIn } from './model.ts';

/**
 * Data ready to print: what the templates receive. Everything is computed
 * (numbers, dates, sums, names); templates only place it.
 */

/** Printable text: a string (with *kursiv* and **fet** markup), a field to fill in, or a sequence of both. */
export type Inline = string | FillIn | Inline[];

/** Metadata every document has: used for the PDF's info dictionary and the page header. */
export interface DocumentMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string[];
  /** The document's own date (ISO), used as the PDF's creation date so builds are reproducible. */
  date?: string;
  draft: boolean;
  /** Text for the running header, e.g. "Tyresö kommun · Tjänsteskrivelse". */
  header: string;
}

export interface BlockView {
  stycke?: Inline;
  lista?: Inline[];
  numrerad?: Inline[];
  rubrik?: Inline;
  underrubrik?: Inline;
  citat?: Inline;
  /** A caption whose figure is not in the sources, as archived editions have it (refused in sources now). */
  figur?: Inline;
  /** A figure: "Figur 2.", its caption, alternative text, and the goal structure its diagram draws or its image (a data: URL). */
  figurblock?: {
    nummer: string;
    bildtext: Inline;
    alt: string;
    malstruktur?: { vision: string; mal: Array<{ rubrik: string; text: string; delmal: Array<{ rubrik: string; text: string }> }> };
    bild?: string;
  };
  uppgifter?: Array<{ term: Inline; text: Inline }>;
  aktiviteter?: {
    rubrik?: Inline;
    mal?: Inline;
    ansvar?: string;
    rader: Array<{ id: string; aktivitet: Inline; punkter?: Inline[]; kommentar?: Inline }>;
  };
  kalendarium?: {
    rubrik: string;
    rader: Array<{ id: string; datum: string; notering?: Inline; plats?: Inline; installt: boolean; obs?: string }>;
  };
  budget?: {
    stycke: Inline;
    intakter: Array<{ id: string; text: Inline; belopp: Inline }>;
    summaIntakter: Inline;
    kostnader: Array<{ id: string; text: Inline; belopp: Inline }>;
    summaKostnader: Inline;
    /** Each municipality's inhabitants and fee, when the plan asks for them (avgift_per_kommun). */
    perKommun?: { rader: Array<{ kommun: string; invanare: Inline; avgift: Inline }>; invanare: Inline; avgift: Inline };
  };
  ordforandeskap?: Inline[];
  handlingsplan?: {
    kolumner: string[];
    rader: Array<{ id: string; rubrik?: Inline; celler?: Inline[] }>;
  };
  avtal?: {
    paragrafer: Array<{ id: string; rubrik: string; stycken: Inline[] }>;
    underskrifter: Array<{ roll: string }>;
  };
}

/** A numbered part of a document with a heading that the table of contents lists. */
export interface Part {
  id: string;
  anchor: string;
  label: string;
  title: Inline;
  blocks: BlockView[];
  /** True for a bilaga that is a PDF of its own, appended after the document's pages. */
  pdf?: boolean;
}

/** A bilaga that exists only as a PDF: its pages follow the document's own, stamped with its label. */
export interface Appendix {
  anchor: string;
  label: string;
  title: string;
  /**
   * The PDF: an absolute path; for another document of the project, the
   * name of the file it prints to, which the build finds in its output
   * folder once that document is built.
   */
  file: string;
  /** The id of the document of the project this bilaga is (`dokument:`); none for a PDF. */
  document?: string;
  /** Where a source names that document, for a message when it could not be built. */
  place?: { file: string; line: number; column: number };
}

export interface VerksamhetsplanView {
  meta: DocumentMeta;
  utgivare: string;
  /** The member municipalities, for the title page. */
  kommuner: string;
  titel: string;
  datumrad: string;
  motto?: { rubrik: Inline; text?: Inline };
  sektioner: Part[];
  bilagor: Part[];
}

export interface PunktView {
  id: string;
  anchor: string;
  nummer: string;
  rubrik: Inline;
  innehall: BlockView[];
  diskussion: BlockView[];
  /** Assignments of earlier meetings followed up: what, who, from which meeting and item, how it went. */
  uppfoljning?: Array<{ uppgift: Inline; ansvarig: string; fran: string; status: Inline; kommentar?: Inline }>;
  beslut: Inline[];
  efterBeslut: BlockView[];
  underpunkter: PunktView[];
}

export interface MinnesanteckningarView {
  meta: DocumentMeta;
  titel: string;
  tid: string;
  plats: Inline;
  deltagare: Array<{ namn: string; var: string; anmarkning?: string }>;
  franvarande: Array<{ namn: string; var: string }>;
  punkter: PunktView[];
  uppdrag: Array<{ punkt: string; ansvarig: string; uppgift: Inline }>;
  underskrifter: Array<{ roll: string; namn: Inline }>;
}

/** A paragraph of a tjänsteskrivelse, or a list (the points of a decision, in the closing paragraph). */
export type MemoBlock = { text: Inline } | { punkter: Inline[] };

export interface TjansteskrivelseView {
  meta: DocumentMeta;
  kommun: string;
  handlaggare: { forvaltning: Inline; namn: Inline; titel?: Inline; telefon?: Inline; epost?: Inline };
  datum: Inline;
  diarienummer: Inline;
  mottagare: Inline;
  titel: Inline;
  forslagRubrik: Inline;
  /** The proposal, one item per point of the decision. */
  forslag: Inline[];
  underskrifter: { forvaltning: Inline; personer: Array<{ namn: Inline; titel?: Inline }> };
  /** Sammanfattning (when the ärende has one), Beskrivning av ärendet with the closing paragraph, and the ärende's own sections. */
  sektioner: Array<{ id: string; rubrik: string; stycken: MemoBlock[] }>;
  bilagor: Inline[];
  /** The bilagor written in bilaga files (`fil:`), printed after the letter in its own style. */
  bilagaDelar: Part[];
}

/** Page numbers of anchors, as a table of contents shows them; TOTAL_PAGES holds the page count when PDF bilagor are appended. */
export type PageNumbers = ReadonlyMap<string, number>;

/** The key of the document's total page count in PageNumbers (no anchor can start with a space). */
export const TOTAL_PAGES = ' sidor';

/** One meeting of a plan's calendar as a calendar program gets it (`.ics`). */
export interface CalendarEvent {
  /** Stable across rebuilds and editions of the plan: the meeting's id and the plan's name ("sk-2023-03-16@verksamhetsplan-2023.handlingar.sodertorn"). */
  uid: string;
  /** The calendar's heading as the plan prints it ("Samarbetskommittén"), "(inställt)" added when cancelled. */
  summary: string;
  /** The first day, YYYY-MM-DD. */
  date: string;
  /** The last day of a meeting over several days: then an all-day event. */
  until?: string;
  /** Start and end, HH:MM in Europe/Stockholm; none for an all-day event. */
  time?: { start: string; slut: string };
  location?: string;
  description?: string;
  cancelled: boolean;
}

/** A calendar file beside a plan's PDF: one body's meetings, or all of them. */
export interface PlanCalendar {
  /** "verksamhetsplan-2023-samarbetskommitten.ics"; "verksamhetsplan-2023.ics" for all bodies. */
  fileName: string;
  /** Its name in a calendar program: "Samarbetskommittén 2023". */
  name: string;
  /** The plan's date: every event's DTSTAMP, so that the same plan gives the same bytes. */
  stamp: string;
  /** The plan's version: every event's SEQUENCE, so that a later version of the plan counts as newer. */
  sequence: number;
  events: CalendarEvent[];
}

/** The index of a build's documents (output/index.html, and the preview's first page), grouped by kind. */
export interface IndexView {
  meta: DocumentMeta;
  /** "11 dokument: 10 byggda, 1 med fel; 56 fält kvar att fylla i." */
  summering: string;
  grupper: Array<{ rubrik: string; rader: IndexRow[] }>;
}

/** One document in the index: every text ready to print, every link relative and percent-encoded. */
export interface IndexRow {
  titel: string;
  /** The source, relative to the sources folder. */
  kalla: string;
  /** Its PDF; none when it was not built. */
  pdf?: string;
  /** Its live preview (in `handlingar watch`). */
  forhandsvisning?: string;
  status: string;
  slutlig: boolean;
  version: string;
  utgava: string;
  faltKvar: number;
  /** The files beside the PDF: a DOCX ("Word"), calendars ("Kalender"). */
  filer: Array<{ text: string; href: string }>;
  /** "1 fel, 2 varningar", or nothing. */
  antal: string;
  meddelanden: Array<{ fel: boolean; text: string }>;
}
