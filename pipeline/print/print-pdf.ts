import { readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
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
  blocked: string[];
}

/** How long loading and printing one rendering may take before the document fails. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A browser page set up once to print many documents, one after the other.
 * It runs no JavaScript and loads nothing but the project's own assets:
 * every other request (network, file://, data from elsewhere) is refused and
 * reported. Assets are read once per page, not once per print.
 */
export class PrintPage {
  private html = '';
  private blocked: string[] = [];
  /** How many prints this page has made. */
  printed = 0;
  private readonly assets = new Map<string, Buffer | undefined>();

  private constructor(readonly page: Page) {}

  /** Opens a page in `browser` and sets it up for printing. */
  static async open(browser: Browser): Promise<PrintPage> {
    const page = await browser.newPage();
    try {
      const printer = new PrintPage(page);
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request) => void printer.answer(request));
      return printer;
    } catch (error) {
      await page.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Prints one HTML page to a tagged PDF with its outline. A `draft` is
   * printed without them (a quarter faster): for a pass whose only use is to
   * find where things land.
   */
  async print(html: string, timeoutMs = DEFAULT_TIMEOUT_MS, draft = false): Promise<PrintResult> {
    this.html = html;
    const blocked: string[] = [];
    this.blocked = blocked;
    await this.page.goto(`${assetOrigin}/document.html?${++this.printed}`, { waitUntil: 'load', timeout: timeoutMs });
    const pdf = await this.page.pdf({
      format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: !draft, outline: !draft,
      displayHeaderFooter: false, timeout: timeoutMs,
    });
    return { pdf, blocked };
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }

  private async answer(request: HTTPRequest): Promise<void> {
    const url = request.url();
    if (url.startsWith(`${assetOrigin}/document.html`)) {
      return request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: this.html });
    }
    if (url === `${assetOrigin}/favicon.ico`) return request.respond({ status: 204, body: '' });
    const file = assetFile(url);
    const body = file ? this.asset(file) : undefined;
    if (file && body) {
      return request.respond({ status: 200, contentType: contentTypes[file.split('.').pop()!] ?? 'application/octet-stream', body });
    }
    // A missing asset is refused like any other request.
    this.blocked.push(url);
    return request.abort('blockedbyclient');
  }

  private asset(file: string): Buffer | undefined {
    if (!this.assets.has(file)) {
      try {
        this.assets.set(file, readFileSync(file));
      } catch {
        this.assets.set(file, undefined);
      }
    }
    return this.assets.get(file);
  }
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
