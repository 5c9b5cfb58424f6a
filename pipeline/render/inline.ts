import { isFillIn } from '../core/model.ts';
import { printable } from '../core/text.ts';
import type { Inline } from '../core/view.ts';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and drops control and bidirectional characters (see core/text.ts); source text is data, never markup. */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => entities[c]!);
}

/**
 * Renders printable text as HTML. The only markup a source may use is
 * **fet** and *kursiv*; everything else is escaped and shows literally.
 * A field still to be filled in shows as a marked box.
 */
export function renderInline(inline: Inline): string {
  if (Array.isArray(inline)) return inline.map(renderInline).join('');
  if (isFillIn(inline)) return `<span class="ifylles">[Fylls i: ${escapeHtml(inline.ifylles)}]</span>`;
  return escapeHtml(inline)
    .replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(\S(?:.*?\S)?)\*/g, '<em>$1</em>');
}
