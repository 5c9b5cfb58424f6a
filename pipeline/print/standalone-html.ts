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
  const asset = new RegExp(`url\\((${origin}/assets/[^)\\s]+)\\)`, 'g');
  // Only the style sheets name assets; text from sources, in the body, is left as it is.
  return html
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, (style) => style.replace(asset, (whole, url: string) => inlined(url) ?? whole))
    .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, (policy) =>
      policy.replaceAll(`font-src ${assetOrigin}`, 'font-src data:').replaceAll(`img-src ${assetOrigin} data:`, 'img-src data:'),
    );
}

/** An asset as a data URL; none for a name that is not one of the project's assets. */
function inlined(url: string): string | undefined {
  try {
    const file = assetFile(url);
    const type = file && contentTypes[extname(file).slice(1)];
    return file && type ? `url(data:${type};base64,${readFileSync(file).toString('base64')})` : undefined;
  } catch {
    return undefined;
  }
}
