import type { Inline } from '../core/view.ts';

/** A row of a grouped table: a group row has a `rubrik`, the rows under it follow until the next one. */
export interface GroupedRow {
  id: string;
  rubrik?: Inline;
}

/**
 * The rows of a long grouped table (Handlingsplan 2020), each row that
 * starts a page while its group began on an earlier one given that group's
 * heading as `forts`: the template repeats it there, marked "(forts.)", under
 * the header row Chromium repeats itself. Where the rows landed is read from
 * the last print (`pages`, by the anchor `prefix` + id; see print/paginate.ts);
 * without it, no row is continued. A repeated group row is kept with the row
 * after it, so the row it precedes still starts the page, and the numbers
 * settle in the next print.
 */
export function continuedRows<R extends GroupedRow>(rows: readonly R[], pages: ReadonlyMap<string, number>, prefix: string): Array<R & { forts?: Inline }> {
  let group: Inline | undefined;
  let previous: number | undefined;
  return rows.map((row) => {
    const page = pages.get(prefix + row.id);
    const startsPage = page !== undefined && previous !== undefined && page > previous;
    previous = page;
    if (row.rubrik !== undefined) {
      group = row.rubrik;
      return row;
    }
    return startsPage && group !== undefined ? { ...row, forts: group } : row;
  });
}
