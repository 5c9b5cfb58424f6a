import { memo } from '../core/memo.ts';
import { escapeHtml } from '../render/inline.ts';
import { assetOrigin } from '../render/render-html.ts';
import type { PrintPage } from './print-page.ts';

const printed = memo<Promise<Uint8Array>>(16);

/**
 * Prints one A4 page per label, blank but for the label in the top right
 * corner ("Bilaga 1 · Sida 14 (20)"), in the documents' own typeface. The
 * finish stage lays these pages over the pages of PDF bilagor. The same
 * labels (every tjänsteskrivelse of one ärende) are printed once.
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

function stampsHtml(labels: readonly string[]): string {
  const pages = labels.map((label) => `<div class="sida"><span class="stampel">${escapeHtml(label)}</span></div>`).join('');
  return `<!DOCTYPE html><html lang="sv-SE"><head><meta charset="utf-8"><title>Stämplar</title>
<style>
@font-face { font-family: 'Source Sans 3'; font-weight: 600; src: url(${assetOrigin}/assets/fonts/source-sans-3-latin-600-normal.woff2) format('woff2'); }
@page { size: A4; margin: 0; }
body { margin: 0; }
.sida { position: relative; height: 297mm; break-after: page; }
.sida:last-child { break-after: auto; }
.stampel { position: absolute; top: 8mm; right: 10mm; padding: 1mm 2.5mm; background: #fff; border: 0.8pt solid #000;
  font: 600 9pt 'Source Sans 3'; color: #000; }
</style></head><body>${pages}</body></html>`;
}
