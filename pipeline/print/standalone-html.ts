import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { assetOrigin } from '../render/render-html.ts';
import { assetFile, contentTypes } from './print-page.ts';

/**
 * A rendered page as a file that stands alone (the HTML comparison report):
 * every asset it names (the fonts) inlined as a data URL, and its content
 * policy allowing those and nothing from anywhere else. Opened from disk or
 * mailed, it requests nothing.
 */
export function standaloneHtml(html: string): string {
  const origin = assetOrigin.replaceAll('.', '\\.');
  return html
    .replace(new RegExp(`url\\((${origin}/assets/[^)\\s]+)\\)`, 'g'), (whole, url: string) => {
      const file = assetFile(url);
      const type = file && contentTypes[extname(file).slice(1)];
      return file && type ? `url(data:${type};base64,${readFileSync(file).toString('base64')})` : whole;
    })
    .replaceAll(`font-src ${assetOrigin}`, 'font-src data:')
    .replaceAll(`img-src ${assetOrigin}`, 'img-src data:');
}
