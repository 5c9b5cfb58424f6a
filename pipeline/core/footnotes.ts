/**
 * Footnotes as sources write them: the mark in the text (superscript digits,
 * "…i utvecklingsprogrammet.¹") and the note as a paragraph of its own that
 * begins with the same mark ("¹ Styrdokument: …"), as a transcription of a
 * printed document has them. Chromium cannot set a note at the foot of its
 * page, so the note goes to the end of its section (before the next heading)
 * in small type (see render/render-html.ts). The marks are the source's own:
 * nothing is renumbered, and a note whose mark is not in its section stays
 * where it is and is reported (validate/check-blocks.ts).
 */

const NOTE = /^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+\S/;

/** The mark a paragraph begins with if it is written as a footnote ("¹ …"). */
export function noteMark(paragraph: unknown): string | undefined {
  return typeof paragraph === 'string' ? NOTE.exec(paragraph)?.[1] : undefined;
}

/** Whether a block's text (any field, any depth) carries the mark after a character, as a reference does. */
function refersTo(block: unknown, mark: string): boolean {
  const text = JSON.stringify(block);
  for (let at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + 1)) {
    const before = text[at - 1];
    const after = text[at + mark.length];
    if (before !== undefined && /[^\s"⁰¹²³⁴⁵⁶⁷⁸⁹]/.test(before) && (after === undefined || !/[⁰¹²³⁴⁵⁶⁷⁸⁹]/.test(after))) return true;
  }
  return false;
}

const isHeading = (block: { rubrik?: unknown; underrubrik?: unknown }) => block.rubrik !== undefined || block.underrubrik !== undefined;

/**
 * Where each footnote of a block list belongs: for every note paragraph whose
 * mark is referred to earlier in its section (since the last heading), the
 * index of the block it is placed before (the next heading, or the list's
 * length for its end). Notes without a reference are not in the map.
 */
export function notePlaces<B extends object>(blocks: readonly B[]): Map<number, number> {
  const places = new Map<number, number>();
  let sectionStart = 0;
  blocks.forEach((block, i) => {
    if (isHeading(block)) sectionStart = i;
    const mark = noteMark((block as { stycke?: unknown }).stycke);
    if (mark === undefined || !blocks.slice(sectionStart, i).some((earlier) => refersTo(earlier, mark))) return;
    const next = blocks.findIndex((later, j) => j > i && isHeading(later));
    places.set(i, next === -1 ? blocks.length : next);
  });
  return places;
}

/** A block list with its footnotes moved to the end of their sections, each run of them as one `fotnoter` block. */
export function withNotes<B extends object>(blocks: readonly B[]): Array<B | { fotnoter: unknown[] }> {
  const places = notePlaces(blocks);
  const notesBefore = new Map<number, unknown[]>();
  for (const [i, before] of places) notesBefore.set(before, [...(notesBefore.get(before) ?? []), (blocks[i] as { stycke?: unknown }).stycke]);
  const result: Array<B | { fotnoter: unknown[] }> = [];
  const flush = (at: number) => {
    const notes = notesBefore.get(at);
    if (notes) result.push({ fotnoter: notes });
  };
  blocks.forEach((block, i) => {
    flush(i);
    if (!places.has(i)) result.push(block);
  });
  flush(blocks.length);
  return result;
}
