import { noteMark, notePlaces } from '../core/footnotes.ts';
import { defineRule } from '../core/message.ts';
import { type Aktiviteter, activityTables, type Block, isFillIn } from '../core/model.ts';
import type { PathSegment } from '../load/source-file.ts';
import { checkBudget } from './check-budget.ts';
import { checkCalendar } from './check-calendar.ts';
import { checkReference, type RuleContext, report } from './rule-context.ts';

const calendarTitle = defineRule('calendar/title', 'error', {
  sv: () => ({ reason: 'Kalendariet saknar både organ och rubrik.', fix: 'Skriv organ: med organets id, eller rubrik: med en rubrik (t.ex. "Konferenser").' }),
  en: () => ({ reason: 'The calendar has neither a body (organ) nor a heading (rubrik).', fix: "Write organ: with the body's id, or rubrik: with a heading." }),
});
const captionOnly = defineRule<{ text: string }>('figur/caption-only', 'error', {
  sv: ({ text }) => ({
    reason: `Bildtexten "${text}" står utan sin figur: en bildtext skrivs bara ut under en bild eller ett diagram.`,
    fix: 'Lägg till figuren (figur: med alt, bildtext och malstruktur), eller ta bort bildtexten och skriv en kommentar (#) om att figuren inte finns i källorna.',
  }),
  en: ({ text }) => ({
    reason: `The caption "${text}" stands without its figure: a caption is printed only under an image or a diagram.`,
    fix: 'Add the figure (figur: with alt, bildtext and malstruktur), or remove the caption and write a comment (#) saying the figure is not in the sources.',
  }),
});
const unknownGoal = defineRule<{ id: string; known: string[] }>('figur/unknown-goal', 'error', {
  sv: ({ id, known }) => ({
    reason: `Det finns ingen aktivitetstabell med id "${id}" och ett mål (mal) i den här filen, så målet kan inte hämtas därifrån.`,
    fix: known.length > 0 ? `Skriv id för en tabell med mål: ${known.join(', ')}; eller skriv målet med text:.` : 'Skriv målet med text: (och rubrik:).',
  }),
  en: ({ id, known }) => ({
    reason: `There is no table of activities with the id "${id}" and a goal (mal) in this file, so the goal cannot be taken from it.`,
    fix:
      known.length > 0 ? `Write the id of a table with a goal: ${known.join(', ')}; or write the goal with text:.` : 'Write the goal with text: (and rubrik:).',
  }),
});
const noteWithoutMark = defineRule<{ mark: string }>('text/footnote-without-mark', 'warning', {
  sv: ({ mark }) => ({
    reason: `Stycket ser ut som en fotnot (${mark}), men ingen text före det i samma avsnitt har märket ${mark}. Det skrivs där det står, i brödtextens storlek.`,
    fix: `Sätt ${mark} direkt efter ordet eller meningen som noten hör till, i samma avsnitt (före nästa rubrik). Är det ingen fotnot, ta bort ${mark} i början.`,
  }),
  en: ({ mark }) => ({
    reason: `The paragraph looks like a footnote (${mark}), but no text before it in the same section carries the mark ${mark}. It is printed where it stands, at body size.`,
    fix: `Put ${mark} right after the word or sentence the note belongs to, in the same section (before the next heading). If it is not a footnote, remove the ${mark} at its start.`,
  }),
});
type DatedEvent = 'beslut' | 'avgiftsbeslut' | 'val';
const afterDocument = defineRule<{ what: DatedEvent; date: string; documentDate: string }>('date/after-document', 'error', {
  sv: ({ what, date, documentDate }) => ({
    reason: `${{ beslut: 'Beslutet', avgiftsbeslut: 'Avgiftsbeslutet', val: 'Valet' }[what]} är daterat ${date}, efter dokumentets datum ${documentDate}.`,
    fix: 'Kontrollera datumet här och dokumentets datum.',
  }),
  en: ({ what, date, documentDate }) => ({
    reason: `The ${{ beslut: 'decision', avgiftsbeslut: 'fee decision', val: 'election' }[what]} is dated ${date}, after the document's date ${documentDate}.`,
    fix: "Check this date and the document's date.",
  }),
});

/**
 * Checks what the schema cannot within content blocks: references, calendars, budgets, dates, figures.
 * `goals` are the tables of activities a figure may take goals from (the file's; by default those among `blocks`).
 * Returns how many budgets it saw.
 */
export function checkBlocks(
  context: RuleContext,
  blocks: readonly Block[],
  path: readonly PathSegment[],
  document: { year: number; date: string },
  goals: ReadonlyMap<string, Aktiviteter> = activityTables(blocks),
): number {
  let budgets = 0;
  const notes = notePlaces(blocks);
  blocks.forEach((block, i) => {
    const at = [...path, i];
    if (typeof block.figur === 'string') report(context, [...at, 'figur'], captionOnly, { text: block.figur });
    if (typeof block.figur === 'object') checkGoals(context, block.figur.malstruktur.mal, [...at, 'figur', 'malstruktur', 'mal'], goals);
    const mark = noteMark(block.stycke);
    if (mark !== undefined && !notes.has(i)) report(context, [...at, 'stycke'], noteWithoutMark, { mark });
    if (block.aktiviteter) checkReference(context, [...at, 'aktiviteter', 'ansvar'], block.aktiviteter.ansvar, 'organ');
    if (block.kalendarium) {
      checkReference(context, [...at, 'kalendarium', 'organ'], block.kalendarium.organ, 'organ');
      if (block.kalendarium.organ === undefined && block.kalendarium.rubrik === undefined) {
        report(context, [...at, 'kalendarium'], calendarTitle, {});
      }
      checkCalendar(context, block.kalendarium, [...at, 'kalendarium'], document.year);
    }
    if (block.budget) {
      budgets++;
      checkReference(context, [...at, 'budget', 'avgiftsbeslut', 'organ'], block.budget.avgiftsbeslut.organ, 'organ');
      checkNotAfter(context, [...at, 'budget', 'avgiftsbeslut', 'datum'], block.budget.avgiftsbeslut.datum, document.date, 'avgiftsbeslut');
      checkBudget(context, block.budget, [...at, 'budget']);
    }
    block.ordforandeskap?.forEach((o, j) => {
      const p = [...at, 'ordforandeskap', j];
      checkReference(context, [...p, 'organ'], o.organ, 'organ');
      if (!isFillIn(o.ordforande)) checkReference(context, [...p, 'ordforande'], o.ordforande, 'person');
      if (!isFillIn(o.vice_ordforande)) checkReference(context, [...p, 'vice_ordforande'], o.vice_ordforande, 'person');
      if (typeof o.valda === 'string') checkNotAfter(context, [...p, 'valda'], o.valda, document.date, 'val');
    });
    for (const [j, u] of (block.avtal?.underskrifter ?? []).entries())
      checkReference(context, [...at, 'avtal', 'underskrifter', j, 'kommun'], u.kommun, 'kommun');
  });
  return budgets;
}

/** Each goal (and sub-goal) a goal structure takes from a table of activities names one of the file's that has a goal. */
function checkGoals(
  context: RuleContext,
  nodes: ReadonlyArray<{ aktiviteter?: string; delmal?: ReadonlyArray<{ aktiviteter?: string }> }>,
  path: readonly PathSegment[],
  goals: ReadonlyMap<string, Aktiviteter>,
): void {
  const known = [...goals.values()].filter((t) => t.mal !== undefined).map((t) => t.id);
  nodes.forEach((node, i) => {
    if (node.aktiviteter !== undefined && goals.get(node.aktiviteter)?.mal === undefined) {
      report(context, [...path, i, 'aktiviteter'], unknownGoal, { id: node.aktiviteter, known });
    }
    if (node.delmal) checkGoals(context, node.delmal, [...path, i, 'delmal'], goals);
  });
}

/** A date the document reports as past must not be after the document's own date. */
export function checkNotAfter(context: RuleContext, path: readonly PathSegment[], date: string, documentDate: string, what: DatedEvent): void {
  if (date > documentDate) report(context, path, afterDocument, { what, date, documentDate });
}
