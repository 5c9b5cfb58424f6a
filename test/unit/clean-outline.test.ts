import { describe, expect, it } from 'vitest';
import { headingsOf, undoubled } from '../../pipeline/finish/clean-outline.ts';

describe('outline titles', () => {
  it('say a doubled heading once, as Chromium doubles a heading pushed to the next page', () => {
    expect(undoubled('3. Kansliets prioriteringar3. Kansliets prioriteringar')).toBe('3. Kansliets prioriteringar');
    expect(undoubled('Bilaga 1 Handlingsplan 2020 Handlingsplan 2020')).toBe('Bilaga 1 Handlingsplan 2020');
    expect(undoubled('§ 5 Sekretariat§ 5 Sekretariat')).toBe('§ 5 Sekretariat');
    expect(undoubled('Bilaga 1Bilaga 1 Handlingsplan 2020 Handlingsplan 2020')).toBe('Bilaga 1 Handlingsplan 2020');
  });

  it('leave ordinary titles alone', () => {
    for (const title of ['Budget 2020', '4. Organisation', 'Mål mål', 'Samarbetskommittén (vanligtvis torsdagar kl. 13.00–15.00)']) {
      expect(undoubled(title)).toBe(title);
    }
  });
});

describe('headings of a page', () => {
  it('are read from the HTML as a reader sees them', () => {
    const html = '<h1>Verksamhetsplan och\n budget 2023</h1><p>x</p><h2><span class="etikett">Bilaga 1</span> Avtal &amp; <em>villkor</em></h2>';
    expect(headingsOf(html)).toEqual(['Verksamhetsplan och budget 2023', 'Bilaga 1 Avtal & villkor']);
  });
});
