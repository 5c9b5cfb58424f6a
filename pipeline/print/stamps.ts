import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memo } from '../core/memo.ts';
import { projectRoot } from '../core/paths.ts';
import { cssString } from '../core/text.ts';
import { assetOrigin } from '../render/render-html.ts';
import type { PrintPage } from './print-page.ts';

const printed = memo<Promise<Uint8Array>>(16);

/**
 * Prints one A4 page per label ("Bilaga 1 · Sida 14 (20)"), blank but for
 * the label, set where and as the documents' own pages set "Sida X (Y)": in
 * the same @page margin box, read from the template's base.css. The finish
 * stage lays these pages over the pages of PDF bilagor, top right corner on
 * top right corner. The same labels (every tjänsteskrivelse of one ärende)
 * are printed once.
 */
export async function printStamps(printer: PrintPage, labels: readonly string[]): Promise<Uint8Array> {
  const key = labels.join('\n');
  let mine = false;
  const print = async () => {
    mine = true;
    return (await printer.print(stampsHtml(labels))).pdf;
  };
  try {
    return await printed(key, print);
  } catch (error) {
    // Being printed by another page, whose browser went away (one of a farm): printed again here, where the browser is alive.
    if (mine || !printer.connected) throw error;
    return printed(key, print);
  }
}

/** Each label on a page of its own (a named page), in the top right margin box of our pages, its content the label. */
export function stampsHtml(labels: readonly string[]): string {
  const { margin, box, fonts } = pageNumberStyle();
  const pages = labels.map((label, i) => `@page s${i} { @top-right { content: ${cssString(label)}; } }\n.s${i} { page: s${i}; }`).join('\n');
  const body = labels.map((_, i) => `<div class="s${i}"></div>`).join('');
  return `<!DOCTYPE html><html lang="sv-SE"><head><meta charset="utf-8"><title>Stämplar</title>
<style>
${fonts}
@page { size: A4; margin: ${margin}; @top-right { ${box} } }
${pages}
body { margin: 0; }
div { height: 1px; }
</style></head><body>${body}</body></html>`;
}

/** How the documents' own pages print their page number: the @page margin and the @top-right box of base.css (its content left out), and the fonts. */
function pageNumberStyle(): { margin: string; box: string; fonts: string } {
  const css = (file: string) => readFileSync(join(projectRoot, 'templates', 'css', file), 'utf8').replaceAll('{{assets}}', () => `${assetOrigin}/assets`);
  const page = /@page\s*\{([\s\S]*?)\n\}/.exec(css('base.css'))?.[1] ?? '';
  const margin = /^\s*margin:\s*([^;]+);/m.exec(page)?.[1];
  const box = /@top-right\s*\{([^}]*)\}/.exec(page)?.[1]?.replace(/content:[^;]*;/, '');
  if (!margin || !box) throw new Error('templates/css/base.css has no @page rule with a margin and a @top-right box');
  return { margin, box, fonts: css('fonts.css') };
}
