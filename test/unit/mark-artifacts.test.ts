import { describe, expect, it } from 'vitest';
import { markArtifactsInContent, markSoftHyphens } from '../../pipeline/finish/mark-artifacts.ts';

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

describe('the hyphen Chromium draws where it breaks a word at a soft hyphen', () => {
  // "Sö|der", as Chromium writes it (upper-case hex): the line's text object ends with the soft hyphen's empty Span; the hyphen is a text object of its own.
  const broken = [
    '/P <</MCID 3 >>BDC',
    'BT',
    '/F4 14 Tf',
    '1 0 0 -1 0 3283 Tm',
    '<0031> Tj',
    '/Span<</ActualText <FEFF00AD> >> BDC',
    '6.94 0 Td <0001> Tj',
    'EMC',
    'ET',
    'BT',
    '/F4 14 Tf',
    '1 0 0 -1 627.45 3283 Tm',
    '<00AD> Tj',
    'ET',
    'BT',
    '/F4 14 Tf',
    '1 0 0 -1 0 3302 Tm',
    '<002f> Tj',
    'ET',
    'EMC',
    '',
  ].join('\n');

  it('is given the text U+00AD, so that the structure reads the word whole', () => {
    const lines = markSoftHyphens(Buffer.from(broken, 'latin1')).toString('latin1').split('\n');
    const hyphen = lines.indexOf('<00AD> Tj');
    expect(lines.slice(hyphen - 4, hyphen + 3)).toEqual([
      '/Span<</ActualText <FEFF00AD> >> BDC',
      'BT',
      '/F4 14 Tf',
      '1 0 0 -1 627.45 3283 Tm',
      '<00AD> Tj',
      'ET',
      'EMC',
    ]);
    // Chromium's own span of the soft hyphen, before the line's end, says nothing: the word has the one U+00AD.
    expect(lines.filter((l) => l.startsWith('/Span'))).toEqual(['/Span<</ActualText <FEFF> >> BDC', '/Span<</ActualText <FEFF00AD> >> BDC']);
  });

  it('marks every broken word of a page, and keeps what lies between and after them', () => {
    const twice = broken + broken.replace('<002f> Tj', '<0030> Tj');
    const marked = markSoftHyphens(Buffer.from(twice, 'latin1')).toString('latin1');
    const once = markSoftHyphens(Buffer.from(broken, 'latin1')).toString('latin1');
    expect(marked).toBe(once + once.replace('<002f> Tj', '<0030> Tj'));
    expect(marked.split('\n').filter((l) => l.startsWith('/Span'))).toHaveLength(4);
    // Nothing but the two marks is added around each hyphen.
    const unmarked = marked
      .replaceAll('ET\n/Span<</ActualText <FEFF00AD> >> BDC\nBT', 'ET\nBT')
      .replaceAll('<00AD> Tj\nET\nEMC\n', '<00AD> Tj\nET\n')
      .replaceAll('<FEFF> >>', '<FEFF00AD> >>');
    expect(unmarked).toBe(twice);
  });

  it('gives a soft hyphen that broke nothing no text (poppler read U+00AD inside the word, and a search did not find it), and leaves content without one as it is', () => {
    const unbroken = broken.replace('EMC\nET\nBT\n/F4 14 Tf\n1 0 0 -1 627.45 3283 Tm\n<00AD> Tj\nET\n', 'EMC\n0 0 Td <0028> Tj\nET\n');
    expect(markSoftHyphens(Buffer.from(unbroken, 'latin1')).toString('latin1')).toBe(unbroken.replace('<FEFF00AD>', '<FEFF>'));
    expect(markSoftHyphens(Buffer.from(page, 'latin1')).toString('latin1')).toBe(page);
  });
});
