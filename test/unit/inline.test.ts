import { describe, expect, it } from 'vitest';
import { countFillIns } from '../../pipeline/core/model.ts';
import { cssString, forTerminal, printable } from '../../pipeline/core/text.ts';
import { emphasise, renderInline, styledRuns } from '../../pipeline/render/inline.ts';

describe('source text is data, not markup', () => {
  it('escapes HTML and template syntax so it shows literally', () => {
    const html = renderInline('<script>alert(1)</script> <img src="file:///etc/passwd"> {{x}} {{{y}}} & \'q\'');
    expect(html).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=\u201dfile:///etc/passwd\u201d&gt; {{x}} {{{y}}} &amp; \u2019q\u2019');
  });

  it('sets straight quotes as Swedish ones: ”…” on both sides, ’ for an apostrophe', () => {
    expect(renderInline('Samsyn kring "objekt" och Sveriges \'starka\' tillväxt')).toBe(
      'Samsyn kring \u201dobjekt\u201d och Sveriges \u2019starka\u2019 tillväxt',
    );
    expect(renderInline('Redan \u201dsvenska\u201d står kvar.')).toBe('Redan \u201dsvenska\u201d står kvar.');
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

  it('gives the same bold and italic as runs, for the DOCX, with the text unescaped', () => {
    expect(styledRuns('De **åtta <&>** och *ett **fet** mervärde*.')).toEqual([
      { text: 'De ', bold: false, italic: false },
      { text: 'åtta <&>', bold: true, italic: false },
      { text: ' och ', bold: false, italic: false },
      { text: 'ett ', bold: false, italic: true },
      { text: 'fet', bold: true, italic: true },
      { text: ' mervärde', bold: false, italic: true },
      { text: '.', bold: false, italic: false },
    ]);
    expect(styledRuns('2 * 3 * 4 \'q" &amp;')).toEqual([{ text: '2 * 3 * 4 \u2019q\u201d &amp;', bold: false, italic: false }]);
  });

  it('marks fields to fill in, and counts them', () => {
    const value = ['Förslaget godkändes av ', { ifylles: 'Tidigare <beslut>' }, '.'];
    expect(renderInline(value)).toBe('Förslaget godkändes av <span class="ifylles">[Fylls i: Tidigare &lt;beslut&gt;]</span>.');
    expect(countFillIns({ a: value, b: [{ ifylles: 'x' }, 'y'] })).toBe(2);
  });
});

describe('text in other contexts', () => {
  it('a CSS string cannot be left, nor the style element around it', () => {
    expect(cssString('Tyresö kommun')).toBe('"Tyresö kommun"');
    const quoted = cssString('a"b\\c</style><h1>x</h1>\n');
    expect(quoted).toBe('"a\\22 b\\5c c\\3c /style\\3e \\3c h1\\3e x\\3c /h1\\3e \\a "');
    expect(quoted.slice(1, -1)).not.toMatch(/["<>\n]/);
  });

  it('printed text loses control and bidirectional characters; a terminal is shown them', () => {
    expect(printable('a\u202eb\u001b[2Jc\u0007\td\ne')).toBe('ab[2Jc\td\ne');
    expect(forTerminal('a\u202eb\u001b[2J\u200b\n')).toBe('a\\u{202e}b\\u{1b}[2J\\u{200b}\n');
  });
});

describe('emphasis', () => {
  const byRegex = (text: string) => text.replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '<strong>$1</strong>').replace(/\*(\S(?:.*?\S)?)\*/g, '<em>$1</em>');
  const byScan = (text: string) => emphasise(emphasise(text, '**', 'strong'), '*', 'em');

  it('marks exactly what the regular expressions it replaced marked, on every short mix of stars, letters, spaces and line breaks', () => {
    const letters = ['*', '*', 'a', ' ', '\n'];
    let state = 20261202;
    const random = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    for (let round = 0; round < 20_000; round++) {
      const text = Array.from({ length: Math.floor(random() * 14) }, () => letters[Math.floor(random() * letters.length)]).join('');
      expect(byScan(text), JSON.stringify(text)).toBe(byRegex(text));
    }
  });

  it('takes time in proportion to the text (a bug: 4.6 MB of " **a" took minutes)', { timeout: 60_000 }, () => {
    expect(byScan(' **a'.repeat(10))).toBe(byRegex(' **a'.repeat(10)));
    expect(byScan(' **a'.repeat(1_200_000))).toBe(' <em>*a *</em>a'.repeat(600_000));
  });
});
