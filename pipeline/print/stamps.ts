import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memo } from '../core/memo.ts';
import { projectRoot } from '../core/paths.ts';
import { escapeHtml } from '../render/inline.ts';
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

/**
 * Each label on a page of its own, where the documents' own pages set their
 * page number: the @top-right margin box's right edge and the bottom of its
 * content (the page's top margin less the box's bottom padding), its font
 * and colour. A margin box itself cannot be given a background of its own
 * size; a label can, so it covers what the bilaga's page has under it (the
 * page number of another document of ours, printed in the same place).
 */
export function stampsHtml(labels: readonly string[]): string {
  const { top, right, padding, style, fonts } = pageNumberStyle();
  const body = labels.map((label) => `<div class="sida"><span class="stampel">${escapeHtml(label)}</span></div>`).join('');
  return `<!DOCTYPE html><html lang="sv-SE"><head><meta charset="utf-8"><title>Stämplar</title>
<style>
${fonts}
@page { size: A4; margin: 0; }
body { margin: 0; }
.sida { position: relative; height: 297mm; break-after: page; }
.sida:last-child { break-after: auto; }
.stampel { position: absolute; right: ${right}; bottom: calc(100% - ${top} + ${padding}); line-height: normal; white-space: nowrap;
  ${style}; background: #fff; box-shadow: 0 0 0 1.5mm #fff; }
</style></head><body>${body}</body></html>`;
}

/**
 * How the documents' own pages print their page number, read from
 * base.css's @page rule: the page's top and right margins, the @top-right
 * box's bottom padding and the rest of its style (font, colour), and the
 * fonts.
 */
function pageNumberStyle(): { top: string; right: string; padding: string; style: string; fonts: string } {
  const css = (file: string) => readFileSync(join(projectRoot, 'templates', 'css', file), 'utf8').replaceAll('{{assets}}', () => `${assetOrigin}/assets`);
  const page = /@page\s*\{([\s\S]*?)\n\}/.exec(css('base.css'))?.[1] ?? '';
  const margins = /^\s*margin:\s*([^;]+);/m.exec(page)?.[1]?.trim().split(/\s+/);
  const box = /@top-right\s*\{([^}]*)\}/.exec(page)?.[1];
  if (!margins || !box) throw new Error('templates/css/base.css has no @page rule with a margin and a @top-right box');
  const declarations = box
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  const padding = /padding-bottom:\s*([^;]+)/.exec(box)?.[1]?.trim() ?? '0mm';
  // The box's own placing (content, vertical-align, padding) is replaced by the label's position.
  const style = declarations.filter((d) => !/^(content|vertical-align|padding[\w-]*)\s*:/.test(d)).join('; ');
  // margin: top [right [bottom [left]]], as CSS reads it.
  return { top: margins[0]!, right: margins[1] ?? margins[0]!, padding, style, fonts: css('fonts.css') };
}
