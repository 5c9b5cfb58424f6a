import type { Inline } from '../core/view.ts';

/** A row of a grouped table: a group row has a `rubrik`, the rows under it follow until the next one. */
export interface GroupedRow {
  id: string;
  rubrik?: Inline;
}

/** The rows of a grouped table, each row under a group given that group's heading as `grupp` (for its "(forts.)" row). */
export function withGroups<R extends GroupedRow>(rows: readonly R[]): Array<R & { grupp?: Inline }> {
  let group: Inline | undefined;
  return rows.map((row) => {
    if (row.rubrik !== undefined) group = row.rubrik;
    return row.rubrik === undefined && group !== undefined ? { ...row, grupp: group } : row;
  });
}

/**
 * The rows of a long grouped table (Handlingsplan 2020) that start a page
 * while their group began on an earlier one: there the template shows the
 * group's heading again, marked "(forts.)", under the header row Chromium
 * repeats itself. Where the rows landed is read from the last print
 * (`pages`, by the anchor `prefix` + id; see print/paginate.ts); without it,
 * none. A shown "(forts.)" row is kept with the row after it, so that row
 * still starts the page, and the numbers settle in the next print.
 */
export function continuedRows(rows: readonly GroupedRow[], pages: ReadonlyMap<string, number>, prefix: string): string[] {
  const continued: string[] = [];
  let inGroup = false;
  let previous: number | undefined;
  for (const row of rows) {
    const page = pages.get(prefix + row.id);
    if (row.rubrik !== undefined) inGroup = true;
    else if (inGroup && page !== undefined && previous !== undefined && page > previous) continued.push(row.id);
    previous = page;
  }
  return continued;
}

/**
 * The style that shows the "(forts.)" rows of `continuedRows` (each printed,
 * hidden, before every row of a group, with the id `forts-` + the row's id).
 * It goes into a page-number slot (`<style data-page>`), so that the pass
 * after a draft changes only slots and the page need not be set anew.
 */
export function continuedRowsCss(rows: readonly GroupedRow[], pages: ReadonlyMap<string, number>, prefix: string): string {
  const ids = continuedRows(rows, pages, prefix);
  return ids.length === 0 ? '' : `${ids.map((id) => `#forts-${id}`).join(', ')} { display: table-row; }`;
}
