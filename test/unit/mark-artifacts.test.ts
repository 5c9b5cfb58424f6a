import { describe, expect, it } from 'vitest';
import { markArtifactsInContent } from '../../pipeline/finish/mark-artifacts.ts';

// The shape of Chromium's content streams: tagged text inside BDC … EMC, margin boxes and rules outside.
const page = [
  'q',
  '.5412 .4275 0 RG .5412 .4275 0 rg',
  '0 74 m',
  '3 74 l',
  'f',
  '/P <</MCID 0 >>BDC',
  'BT',
  '/F7 12.66 Tf',
  '<00B6> Tj',
  '3.69 0 Td <0007> Tj',
  'ET',
  'EMC',
  'BT',
  '/F7 9 Tf',
  '(Sida 1 \\(2\\)) Tj',
  'ET',
  '/Im1 Do',
  '0 0 10 10 re',
  'Q',
].join('\n');

describe('marking what Chromium draws outside the structure tree as artifacts', () => {
  const marked = markArtifactsInContent(Buffer.from(page, 'latin1')).toString('latin1').split('\n');

  it('wraps a decorative path from its first segment to the operator that paints it', () => {
    expect(marked.slice(2, 8)).toEqual(['/Artifact BMC', '0 74 m', '3 74 l', 'f', 'EMC', '/P <</MCID 0 >>BDC']);
  });

  it('leaves tagged text alone', () => {
    const from = marked.indexOf('/P <</MCID 0 >>BDC');
    expect(marked.slice(from, from + 7)).toEqual(['/P <</MCID 0 >>BDC', 'BT', '/F7 12.66 Tf', '<00B6> Tj', '3.69 0 Td <0007> Tj', 'ET', 'EMC']);
  });

  it("wraps a running footer's text object, an image, and a path left open at the end", () => {
    const footer = marked.indexOf('(Sida 1 \\(2\\)) Tj');
    expect(marked.slice(footer - 3, footer + 3)).toEqual(['/Artifact BMC', 'BT', '/F7 9 Tf', '(Sida 1 \\(2\\)) Tj', 'ET', 'EMC']);
    const image = marked.indexOf('/Im1 Do');
    expect(marked.slice(image - 1, image + 2)).toEqual(['/Artifact BMC', '/Im1 Do', 'EMC']);
    expect(marked.slice(-4)).toEqual(['/Artifact BMC', '0 0 10 10 re', 'Q', 'EMC']);
  });

  it('balances every BMC and BDC with an EMC', () => {
    const opens = marked.filter((l) => / (BMC|BDC)$/.test(l) || l.endsWith('>>BDC')).length;
    expect(marked.filter((l) => l === 'EMC')).toHaveLength(opens);
  });
});
