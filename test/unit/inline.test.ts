import { describe, expect, it } from 'vitest';
import { countFillIns } from '../../pipeline/core/model.ts';
import { renderInline } from '../../pipeline/render/inline.ts';

describe('source text is data, not markup', () => {
  it('escapes HTML and template syntax so it shows literally', () => {
    const html = renderInline('<script>alert(1)</script> <img src="file:///etc/passwd"> {{x}} {{{y}}} & \'q\'');
    expect(html).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=&quot;file:///etc/passwd&quot;&gt; {{x}} {{{y}}} &amp; &#39;q&#39;');
  });

  it('drops control characters', () => {
    expect(renderInline('a\u0000b\u0007c\u001bd')).toBe('abcd');
  });

  it('turns **fet** and *kursiv* into strong and em, and nothing else', () => {
    expect(renderInline('De åtta – **Botkyrka, Haninge** – och ett *mervärde*.')).toBe(
      'De åtta – <strong>Botkyrka, Haninge</strong> – och ett <em>mervärde</em>.',
    );
    expect(renderInline('2 * 3 * 4')).toBe('2 * 3 * 4');
    expect(renderInline('*<b>*')).toBe('<em>&lt;b&gt;</em>');
  });

  it('marks fields to fill in, and counts them', () => {
    const value = ['Förslaget godkändes av ', { ifylles: 'Tidigare <beslut>' }, '.'];
    expect(renderInline(value)).toBe('Förslaget godkändes av <span class="ifylles">[Fylls i: Tidigare &lt;beslut&gt;]</span>.');
    expect(countFillIns({ a: value, b: [{ ifylles: 'x' }, 'y'] })).toBe(2);
  });
});
