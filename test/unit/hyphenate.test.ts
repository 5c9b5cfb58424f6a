import { describe, expect, it } from 'vitest';
import { hyphenate, hyphenateWord, SOFT_HYPHEN } from '../../pipeline/render/hyphenate.ts';
import { renderInline } from '../../pipeline/render/inline.ts';

const shown = (text: string) => text.replaceAll(SOFT_HYPHEN, '|');

describe('Swedish hyphenation at render time', () => {
  it('breaks "Kommunikationsnätverket" (it ran into the Kostnad column of Handlingsplan 2020) where Swedish allows', () => {
    expect(shown(hyphenateWord('Kommunikationsnätverket'))).toBe('Kom|mu|ni|ka|tions|nät|ver|ket');
    expect(shown(hyphenate('kompetensförsörjning på Södertörn'))).toBe('kom|pe|tens|för|sörj|ning på Sö|der|törn');
  });

  it('leaves short words, numbers, addresses, abbreviations and typed hyphens alone, and two letters on each side of a break', () => {
    expect(hyphenate('Ansvar och budget, SUP 2040, 2019-09-20 § 136')).toBe('Ansvar och budget, SUP 2040, 2019-09-20 § 136');
    expect(hyphenate('Tanja.Krsic@tyreso.se https://www.sodertorn.se/utvecklingsprogram www.sodertorn.se/samarbete')).toBe(
      'Tanja.Krsic@tyreso.se https://www.sodertorn.se/utvecklingsprogram www.sodertorn.se/samarbete',
    );
    expect(shown(hyphenate('SNUG-nätverket och SNUGNÄTVERKET'))).toBe('SNUG-nät|ver|ket och SNUGNÄTVERKET');
    for (const word of ['samarbetskommittén', 'utvecklingsprogram', 'infrastruktur', 'Kommunstyrelseförvaltningen']) {
      const parts = hyphenateWord(word).split(SOFT_HYPHEN);
      expect(parts.length, word).toBeGreaterThan(2);
      expect(parts.join(''), word).toBe(word);
      for (const part of parts) expect(part.length, word).toBeGreaterThanOrEqual(2);
    }
  });

  it('hyphenates running text (the t helper) but never a heading (unbroken), and keeps markup and escaping', () => {
    expect(shown(renderInline('Ett **utvecklingsprogram** & <b>', true))).toBe('Ett <strong>ut|veck|lings|pro|gram</strong> &amp; &lt;b&gt;');
    expect(renderInline('Ett utvecklingsprogram')).toBe('Ett utvecklingsprogram');
    expect(renderInline({ ifylles: 'Kommunstyrelsens beslut' }, true)).toBe('<span class="ifylles">[Fylls i: Kommunstyrelsens beslut]</span>');
  });
});

describe('hyphenation and ligatures', () => {
  it('never breaks after an f, which Source Sans 3 joins with the next letter (a ligature over a soft hyphen reads "e\\0ektiv" in the PDF)', () => {
    for (const word of ['effektivisera', 'kraftfullare', 'Klimatfrågorna', 'definiera', 'offentliga']) {
      expect(hyphenateWord(word), word).not.toMatch(/f\u00ad/i);
      expect(hyphenateWord(word).replaceAll(SOFT_HYPHEN, ''), word).toBe(word);
    }
    expect(shown(hyphenateWord('effektivisera'))).toMatch(/\|/);
  });
});
