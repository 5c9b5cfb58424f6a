import { dirname, resolve } from 'node:path';
import { readChecked } from '../core/files.ts';
import { noteMark, notePlaces } from '../core/footnotes.ts';
import { imageType, MAX_IMAGE_BYTES } from '../core/images.ts';
import { defineRule } from '../core/message.ts';
import { type Aktiviteter, activityTables, type Block, type Figur, isFillIn } from '../core/model.ts';
import type { PathSegment } from '../load/source-file.ts';
import { checkBudget } from './check-budget.ts';
import { checkCalendar } from './check-calendar.ts';
import { checkReference, type FileRules, type RuleContext, report, reportFileProblem } from './rule-context.ts';

const calendarTitle = defineRule('calendar/title', 'error', {
  sv: () => ({ reason: 'Kalendariet saknar både organ och rubrik.', fix: 'Skriv organ: med organets id, eller rubrik: med en rubrik (t.ex. "Konferenser").' }),
  en: () => ({ reason: 'The calendar has neither a body (organ) nor a heading (rubrik).', fix: "Write organ: with the body's id, or rubrik: with a heading." }),
});
const captionOnly = defineRule<{ text: string }>('figur/caption-only', 'error', {
  sv: ({ text }) => ({
    reason: `Bildtexten "${text}" står utan sin figur: en bildtext skrivs bara ut under en bild eller ett diagram.`,
    fix: 'Lägg till figuren (figur: med alt, bildtext och malstruktur eller bild), eller ta bort bildtexten och skriv en kommentar (#) om att figuren inte finns i källorna.',
  }),
  en: ({ text }) => ({
    reason: `The caption "${text}" stands without its figure: a caption is printed only under an image or a diagram.`,
    fix: 'Add the figure (figur: with alt, bildtext and malstruktur or bild), or remove the caption and write a comment (#) saying the figure is not in the sources.',
  }),
});
const oneFigure = defineRule<{ both: boolean }>('figur/one-figure', 'error', {
  sv: ({ both }) => ({
    reason: both ? 'Figuren har både malstruktur och bild; en figur visar det ena.' : 'Figuren har varken malstruktur eller bild: det finns inget att visa.',
    fix: both
      ? 'Dela upp den i två figurer, var och en med sin alt och bildtext.'
      : 'Skriv bild: med sökvägen till en bildfil (PNG, JPEG eller SVG), eller malstruktur: med ett diagram.',
  }),
  en: ({ both }) => ({
    reason: both
      ? 'The figure has both a goal structure (malstruktur) and an image (bild); a figure shows one.'
      : 'The figure has neither a goal structure (malstruktur) nor an image (bild): there is nothing to show.',
    fix: both
      ? 'Split it into two figures, each with its own alt and bildtext.'
      : 'Write bild: with the path of an image file (PNG, JPEG or SVG), or malstruktur: with a diagram.',
  }),
});
const imageFix = {
  sv: 'Kontrollera sökvägen; den räknas från mappen där denna fil ligger.',
  en: 'Check the path; it is relative to the folder of this file.',
};
const imageMissing = defineRule<{ bild: string }>('figur/image-missing', 'error', {
  sv: ({ bild }) => ({ reason: `Bildfilen "${bild}" finns inte.`, fix: imageFix.sv }),
  en: ({ bild }) => ({ reason: `The image file "${bild}" does not exist.`, fix: imageFix.en }),
});
const imageOutside = defineRule<{ bild: string }>('figur/image-outside', 'error', {
  sv: ({ bild }) => ({
    reason: `Bildfilen "${bild}" ligger utanför källmappen; en bild hämtas bara inifrån den.`,
    fix: 'Kopiera in bilden i källmappen (till exempel i bilder/) och hänvisa till den där.',
  }),
  en: ({ bild }) => ({
    reason: `The image file "${bild}" is outside the sources folder; an image is taken only from inside it.`,
    fix: 'Copy the image into the sources folder (for example into bilder/) and refer to it there.',
  }),
});
const imageNotAFile = defineRule<{ bild: string }>('figur/image-not-a-file', 'error', {
  sv: ({ bild }) => ({ reason: `"${bild}" är ingen vanlig fil (en mapp, en pipe eller en enhet) och läses inte.`, fix: imageFix.sv }),
  en: ({ bild }) => ({ reason: `"${bild}" is not a regular file (a folder, a pipe or a device) and is not read.`, fix: imageFix.en }),
});
const imageTooLarge = defineRule<{ bild: string; megabytes: number }>('figur/image-too-large', 'error', {
  sv: ({ bild, megabytes }) => ({
    reason: `Bildfilen "${bild}" är ${megabytes} MB; en bild får vara högst ${MAX_IMAGE_BYTES / 2 ** 20} MB.`,
    fix: 'Spara bilden i lägre upplösning (för tryck räcker 300 punkter per tum i spaltens bredd, 17 cm).',
  }),
  en: ({ bild, megabytes }) => ({
    reason: `The image file "${bild}" is ${megabytes} MB; an image may be at most ${MAX_IMAGE_BYTES / 2 ** 20} MB.`,
    fix: "Save the image at a lower resolution (300 dots per inch at the column's width, 17 cm, is enough for print).",
  }),
});
const imageFileRules: FileRules<{ bild: string }> = {
  missing: imageMissing,
  outside: imageOutside,
  'not-a-file': imageNotAFile,
  'too-large': imageTooLarge,
};
const imageFormat = defineRule<{ bild: string }>('figur/image-format', 'error', {
  sv: ({ bild }) => ({
    reason: `Filen "${bild}" är ingen PNG-, JPEG- eller SVG-bild (det avgörs av innehållet, inte av namnet).`,
    fix: 'Spara bilden som PNG (diagram, kartor), JPEG (fotografier) eller SVG, och hänvisa till den filen.',
  }),
  en: ({ bild }) => ({
    reason: `The file "${bild}" is not a PNG, JPEG or SVG image (its content decides, not its name).`,
    fix: 'Save the image as PNG (diagrams, maps), JPEG (photographs) or SVG, and refer to that file.',
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
    if (typeof block.figur === 'object') checkFigure(context, block.figur, [...at, 'figur'], goals);
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

/** A figure shows a goal structure or an image, one of them; its goals are found, its image is a PNG, JPEG or SVG file inside the sources folder. */
function checkFigure(context: RuleContext, figur: Figur, path: readonly PathSegment[], goals: ReadonlyMap<string, Aktiviteter>): void {
  if ((figur.malstruktur === undefined) === (figur.bild === undefined)) report(context, path, oneFigure, { both: figur.bild !== undefined });
  if (figur.malstruktur) checkGoals(context, figur.malstruktur.mal, [...path, 'malstruktur', 'mal'], goals);
  if (figur.bild === undefined) return;
  const bild = figur.bild;
  const read = readChecked(resolve(dirname(context.source.absolutePath), bild), context.sourcesDir, MAX_IMAGE_BYTES);
  const at = [...path, 'bild'];
  if ('problem' in read) reportFileProblem(context, at, read.problem, imageFileRules, { bild });
  else if (imageType(read.bytes) === undefined) report(context, at, imageFormat, { bild });
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
