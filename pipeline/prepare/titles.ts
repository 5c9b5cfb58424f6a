import { formatDate } from '../core/format.ts';
import type { Minnesanteckningar, ProjectDocument, Register, Verksamhetsplan } from '../core/model.ts';
import { Lookup } from './lookup.ts';

/** A plan's title, on its first page and in its metadata. */
export function planTitle(plan: Pick<Verksamhetsplan, 'ar'>): string {
  return `Verksamhetsplan och budget ${plan.ar}`;
}

/** The heading of minutes, before their date: "Minnesanteckningar från Ledningsgruppen". */
export function minutesHeading(body: Register['organ'][number]): string {
  return `Minnesanteckningar från ${body.fullt_namn ?? body.namn}`;
}

/** The title of minutes: their heading and date. */
export function minutesTitle(m: Pick<Minnesanteckningar, 'datum'>, body: Register['organ'][number]): string {
  return `${minutesHeading(body)} ${formatDate(m.datum)}`;
}

/** The title of a document of the project as another lists it among its bilagor: the title it prints itself, names as of its own date. */
export function documentTitle(document: ProjectDocument, register: Register): string {
  if (document.kind === 'verksamhetsplan') return planTitle(document.data);
  const m = document.data;
  return minutesTitle(m, new Lookup(register, m.datum).body(m.organ));
}

/** The titles of the project's documents by id, for the bilagor that name them; an id no document has stays as it is (validation reports it). */
export function titlesOf(documents: ReadonlyMap<string, ProjectDocument> | undefined, register: Register): (id: string) => string {
  return (id) => {
    const document = documents?.get(id);
    return document ? documentTitle(document, register) : id;
  };
}
