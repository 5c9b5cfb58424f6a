import { isFillIn } from '../core/model.ts';
import type { Inline } from '../core/view.ts';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and drops control characters; source text is data, never markup. */
export function escapeHtml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed here
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[&<>"']/g, (c) => entities[c]!);
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
