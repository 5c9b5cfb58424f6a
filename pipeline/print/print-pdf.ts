import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { projectRoot } from '../paths.ts';
import { assetOrigin } from '../render/render-html.ts';

/** The only files a page may load: templates and the fonts shipped through npm. */
const assetRoots: Record<string, string> = {
  fonts: join(projectRoot, 'node_modules', '@fontsource', 'source-sans-3', 'files'),
  templates: join(projectRoot, 'templates'),
};

const contentTypes: Record<string, string> = { woff2: 'font/woff2', css: 'text/css', png: 'image/png', svg: 'image/svg+xml' };

/** What printing produced: the PDF, and any request the page made that was refused. */
export interface PrintResult {
  pdf: Uint8Array;
  pageCount: number;
  blocked: string[];
}

/**
 * Prints HTML to PDF in a fresh page of the shared browser. The page runs no
 * JavaScript and loads nothing but the project's own assets: every other
 * request (network, file://, data from elsewhere) is refused and reported.
 */
export async function printPdf(target: Browser | Page, html: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PrintResult> {
  // A page of its own for one print, or a page a worker reuses for many (cheaper, and less memory).
  const own = !('goto' in target);
  const page = own ? await target.newPage() : target;
  const blocked: string[] = [];
  try {
    page.removeAllListeners('request');
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => void answer(request, html, blocked));
    await page.goto(`${assetOrigin}/document.html?${++navigations}`, { waitUntil: 'load', timeout: timeoutMs });
    const pdf = await page.pdf({
      format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true,
      displayHeaderFooter: false, timeout: timeoutMs,
    });
    return { pdf, pageCount: countPages(pdf), blocked };
  } finally {
    if (own) await page.close();
    else page.removeAllListeners('request');
  }
}

let navigations = 0;

/** How long loading and printing one rendering may take before the document fails. */
export const DEFAULT_TIMEOUT_MS = 60_000;

async function answer(request: HTTPRequest, html: string, blocked: string[]): Promise<void> {
  const url = request.url();
  if (url.startsWith(`${assetOrigin}/document.html`)) {
    return request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  }
  if (url === `${assetOrigin}/favicon.ico`) return request.respond({ status: 204, body: '' });
  const file = assetFile(url);
  if (file) {
    try {
      const body = await readFile(file);
      return request.respond({ status: 200, contentType: contentTypes[file.split('.').pop()!] ?? 'application/octet-stream', body });
    } catch {
      // fall through: a missing asset is refused like any other request
    }
  }
  blocked.push(url);
  return request.abort('blockedbyclient');
}

/** Chromium writes one `/Type /Page` dictionary per page, uncompressed. */
function countPages(pdf: Uint8Array): number {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
}

/** Maps `https://handlingar.invalid/assets/<root>/<path>` to a file inside that root, or undefined. */
export function assetFile(url: string): string | undefined {
  const prefix = `${assetOrigin}/assets/`;
  if (!url.startsWith(prefix)) return undefined;
  const [root, ...rest] = decodeURIComponent(new URL(url).pathname.slice('/assets/'.length)).split('/');
  const base = assetRoots[root ?? ''];
  if (!base || rest.length === 0) return undefined;
  const file = normalize(join(base, ...rest));
  return file.startsWith(base + sep) ? file : undefined;
}
