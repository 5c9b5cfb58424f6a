import { describe, expect, it } from 'vitest';
import { continuedRows } from '../../pipeline/render/continued-rows.ts';

const rows = [{ id: 'a', rubrik: 'Infrastruktur' }, { id: 'a1' }, { id: 'a2' }, { id: 'b', rubrik: 'Utbildning' }, { id: 'b1' }, { id: 'b2' }];
const on = (pages: Record<string, number>) => new Map(Object.entries(pages).map(([id, page]) => [`rad-${id}`, page]));

describe('continued group rows of a long table', () => {
  it('repeats the group of a row that starts a page while its group began on an earlier one', () => {
    const result = continuedRows(rows, on({ a: 1, a1: 1, a2: 2, b: 2, b1: 2, b2: 3 }), 'rad-');
    expect(result.map((r) => r.forts)).toEqual([undefined, undefined, 'Infrastruktur', undefined, undefined, 'Utbildning']);
  });

  it('repeats nothing when a group row starts the page, or when where rows landed is not known yet', () => {
    expect(continuedRows(rows, on({ a: 1, a1: 1, a2: 1, b: 2, b1: 2, b2: 2 }), 'rad-').some((r) => r.forts)).toBe(false);
    expect(continuedRows(rows, new Map(), 'rad-').some((r) => r.forts)).toBe(false);
  });
});
