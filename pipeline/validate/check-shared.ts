import { attachmentPath } from '../core/documents.ts';
import { defineRule } from '../core/message.ts';
import { countFillIns, type SharedSources, type Tid } from '../core/model.ts';
import type { PathSegment } from '../load/source-file.ts';
import { closest } from './closest.ts';
import { type RuleContext, report } from './rule-context.ts';

const fillInFinal = defineRule<{ count: number }>('fill-in/final', 'error', {
  sv: ({ count }) => ({
    reason: `Dokumentet är slutligt men har ${count} fält kvar att fylla i.`,
    fix: 'Fyll i fälten markerade med ifylles, eller ändra status till utkast.',
  }),
  en: ({ count }) => ({
    reason: `The document is final but still has ${count} field(s) to fill in.`,
    fix: 'Fill in the fields marked ifylles, or set status to utkast.',
  }),
});

/** A document that is final (beslutad, justerad) may not still have fields to fill in. */
export function checkFinal(context: RuleContext, final: boolean, data: unknown): void {
  const count = countFillIns(data);
  if (final && count > 0) report(context, ['status'], fillInFinal, { count });
}

const endBeforeStart = defineRule<{ start: string; end: string }>('time/end-before-start', 'error', {
  sv: ({ start, end }) => ({
    reason: `Mötet slutar ${end}, inte efter att det börjar ${start}.`,
    fix: 'Rätta start eller slut (TT:MM med 24-timmarsklocka, t.ex. start: "13:00", slut: "15:00").',
  }),
  en: ({ start, end }) => ({
    reason: `The meeting ends at ${end}, not after it starts at ${start}.`,
    fix: 'Correct start or slut (HH:MM on a 24-hour clock, e.g. start: "13:00", slut: "15:00").',
  }),
});

/** A meeting's time ends after it starts (TT:MM compares as text). */
export function checkTime(context: RuleContext, tid: Tid | undefined, path: readonly PathSegment[]): void {
  if (tid && tid.slut <= tid.start) report(context, [...path, 'slut'], endBeforeStart, { start: tid.start, end: tid.slut });
}

const unknownDocument = defineRule<{ id: string; guess?: string; known: readonly string[] }>('bilaga/unknown-document', 'error', {
  sv: ({ id, guess, known }) => ({
    reason: `Det finns inget dokument med id "${id}" i projektet.${guess ? ` Menade du "${guess}"?` : ''}`,
    fix: guess
      ? `Byt "${id}" mot "${guess}".`
      : known.length > 0
        ? `Dokument som kan bifogas (verksamhetsplaner och minnesanteckningar): ${known.join(', ')}.`
        : 'Lägg till dokumentet (en verksamhetsplan eller minnesanteckningar med detta id), eller ta bort bilagan.',
  }),
  en: ({ id, guess, known }) => ({
    reason: `There is no document with the id "${id}" in the project.${guess ? ` Did you mean "${guess}"?` : ''}`,
    fix: guess
      ? `Replace "${id}" with "${guess}".`
      : known.length > 0
        ? `Documents that can be attached (plans and minutes): ${known.join(', ')}.`
        : 'Add the document (a plan or minutes with this id), or remove the bilaga.',
  }),
});
const attachmentCycleRule = defineRule<{ cycle: readonly string[] }>('bilaga/document-cycle', 'error', {
  sv: ({ cycle }) => ({
    reason: `Dokumenten bifogar varandra i en ring (${cycle.join(' → ')}), så inget av dem kan byggas först.`,
    fix: 'Ta bort en av bilagorna i ringen.',
  }),
  en: ({ cycle }) => ({
    reason: `The documents attach each other in a circle (${cycle.join(' → ')}), so none of them can be built first.`,
    fix: 'Remove one of the bilagor in the circle.',
  }),
});

/**
 * A bilaga that names another document of the project (`dokument: vp-2024`):
 * the document exists, and (for a document with an id of its own, `self`)
 * does not lead back to it through what it attaches.
 */
export function checkAttachedDocument(context: RuleContext, path: readonly PathSegment[], id: string, shared: SharedSources, self?: string): void {
  if (!shared.dokument.has(id)) {
    // A document that is there but broken says so itself; the bilaga naming it is not wrong.
    if (shared.documentIds.has(id)) return;
    const known = [...shared.dokument.keys()].sort();
    const guess = closest(id, known);
    report(context, path, unknownDocument, { id, known, ...(guess !== undefined && { guess }) });
    return;
  }
  const back = self === undefined ? undefined : attachmentPath(id, self, shared.dokument);
  if (back) report(context, path, attachmentCycleRule, { cycle: [self!, ...back] });
}
