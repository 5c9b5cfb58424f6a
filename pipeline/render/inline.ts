import { isFillIn } from '../core/model.ts';
import { printable, typographic } from '../core/text.ts';
import type { Inline } from '../core/view.ts';
import { hyphenate } from './hyphenate.ts';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and drops control and bidirectional characters (see core/text.ts); source text is data, never markup. */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => entities[c]!);
}

/**
 * Renders printable text as HTML. The only markup a source may use is
 * **fet** and *kursiv*; everything else is escaped and shows literally.
 * A field still to be filled in shows as a marked box. With `breakWords`
 * (running text and table cells, not headings), longer words get soft
 * hyphens where Swedish hyphenation allows a line break (see hyphenate.ts).
 */
export function renderInline(inline: Inline, breakWords = false): string {
  if (Array.isArray(inline)) return inline.map((part) => renderInline(part, breakWords)).join('');
  if (isFillIn(inline)) return `<span class="ifylles">[Fylls i: ${escapeHtml(inline.ifylles)}]</span>`;
  return markup(breakWords ? hyphenate(inline) : inline);
}

/** Source text with its **fet** and *kursiv* as strong and em, typographic quotes, everything else escaped. */
function markup(text: string): string {
  return emphasise(emphasise(escapeHtml(typographic(text)), '**', 'strong'), '*', 'em');
}

/** A piece of text with one formatting, for writers other than HTML (the DOCX). */
export interface StyledRun {
  text: string;
  bold: boolean;
  italic: boolean;
}

const unescaped: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * Source text as runs of plain, bold and italic text, read off the HTML that
 * renderInline makes of it: the same passes decide what is emphasised in the
 * PDF and elsewhere. Every `<` in that HTML is a tag the passes added, since
 * the text's own are escaped.
 */
export function styledRuns(text: string): StyledRun[] {
  const runs: StyledRun[] = [];
  let bold = false;
  let italic = false;
  for (const [token, close, tag] of markup(text).matchAll(/<(\/?)(strong|em)>|[^<]+/g)) {
    if (tag === 'strong') bold = !close;
    else if (tag === 'em') italic = !close;
    else runs.push({ text: token.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => unescaped[e]!), bold, italic });
  }
  return runs;
}

/**
 * Wraps every `mark`-delimited run in `tag`, exactly as the regular
 * expression \*\*(\S(?:.*?\S)?)\*\* (global) does for "**" (and the same with
 * one star): from the left, a mark followed by a non-space character, up to
 * the nearest mark that follows a non-space character at least two
 * characters on, on the same line, or else right after that one character.
 * The regular expression looks for the closing mark anew from every opening
 * one, which on a long line of openings without closings takes quadratic
 * time (minutes for a few megabytes); here the nearest closing mark is found
 * for every position in one pass from the right.
 */
export function emphasise(text: string, mark: '**' | '*', tag: string): string {
  if (!text.includes(mark)) return text;
  const width = mark.length;
  const isMark = (at: number) => text.startsWith(mark, at);
  const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
  const isLineEnd = (c: string) => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
  // close[p]: the nearest q >= p where a mark follows a non-space character, before the line ends; -1 when there is none.
  const close = new Int32Array(text.length + 1).fill(-1);
  for (let p = text.length - 1; p >= 0; p--) {
    close[p] = isMark(p) && p > 0 && !isSpace(text[p - 1]) ? p : isLineEnd(text[p]!) ? -1 : close[p + 1]!;
  }
  // Where the run whose content starts at `start` (a non-space character) ends.
  const closing = (start: number) => {
    const longer = isLineEnd(text[start + 1] ?? '\n') ? -1 : (close[start + 2] ?? -1);
    return longer >= 0 ? longer : isMark(start + 1) ? start + 1 : -1;
  };
  let out = '';
  let from = 0;
  for (let at = 0; at < text.length; ) {
    const end = isMark(at) && !isSpace(text[at + width]) ? closing(at + width) : -1;
    if (end >= 0) {
      out += `${text.slice(from, at)}<${tag}>${text.slice(at + width, end)}</${tag}>`;
      at = from = end + width;
    } else {
      at++;
    }
  }
  return out + text.slice(from);
}
