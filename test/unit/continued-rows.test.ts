import { describe, expect, it } from 'vitest';
import { continuedRows, continuedRowsCss, withGroups } from '../../pipeline/render/continued-rows.ts';

const rows = [{ id: 'a', rubrik: 'Infrastruktur' }, { id: 'a1' }, { id: 'a2' }, { id: 'b', rubrik: 'Utbildning' }, { id: 'b1' }, { id: 'b2' }];
const on = (pages: Record<string, number>) => new Map(Object.entries(pages).map(([id, page]) => [`rad-${id}`, page]));

describe('continued group rows of a long table', () => {
  it('names the rows that start a page while their group began on an earlier one, and the style that shows their "(forts.)" rows', () => {
    const pages = on({ a: 1, a1: 1, a2: 2, b: 2, b1: 2, b2: 3 });
    expect(continuedRows(rows, pages, 'rad-')).toEqual(['a2', 'b2']);
    expect(continuedRowsCss(rows, pages, 'rad-')).toBe('#forts-a2, #forts-b2 { display: table-row; }');
  });

  it('names none when a group row starts the page, or when where rows landed is not known yet', () => {
    expect(continuedRows(rows, on({ a: 1, a1: 1, a2: 1, b: 2, b1: 2, b2: 2 }), 'rad-')).toEqual([]);
    expect(continuedRowsCss(rows, new Map(), 'rad-')).toBe('');
  });

  it('gives every row under a group its heading, and none to a group row or a row before any group', () => {
    expect(withGroups([{ id: 'x' }, ...rows.slice(0, 2)]).map((r) => r.grupp)).toEqual([undefined, undefined, 'Infrastruktur']);
  });
});
