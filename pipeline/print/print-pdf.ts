import { readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Browser, CDPSession, HTTPRequest, Page } from 'puppeteer-core';
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

/** A4 in inches, as Chromium's printing takes it; a document's own `@page size` comes first. */
const A4 = { width: 8.27, height: 11.7 };

/**
 * Run in the page after its content is set (DevTools runs it even with the
 * page's scripts off): applies the styles, which declares the fonts, loads
 * every declared font and decodes every image. Printing waits for neither by
 * itself; the page is not laid out for the screen, which printing would not
 * use.
 */
const LOAD_ASSETS = `(async () => {
  getComputedStyle(document.body).fontFamily;
  await Promise.allSettled([...document.fonts].map((font) => font.load()));
  await Promise.allSettled([...document.images].map((image) => image.decode()));
  await document.fonts.ready;
})()`;

/**
 * Added to a draft: every box is laid out as in the final print, but only the
 * elements that links point to are painted (Chromium writes a destination
 * only for a painted element). Visibility does not change layout, so the
 * draft's page numbers are the final print's, for about half the work.
 */
const DRAFT_STYLE = '<style>*, *::before, *::after { visibility: hidden !important; } [id] { visibility: visible !important; }</style>';

/** How long loading and printing one rendering may take before the document fails. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A browser page set up once to print many documents, one after the other.
 * It runs no JavaScript and loads nothing but the project's own assets:
 * every other request (network, file://, data from elsewhere) is refused and
 * reported. Assets are read once per page, not once per print.
 */
export class PrintPage {
  private blocked: string[] = [];
  private frameId = '';
  /** How many prints this page has made. */
  printed = 0;
  private readonly assets = new Map<string, Buffer | undefined>();

  private constructor(readonly page: Page, private readonly client: CDPSession) {}

  /** Opens a page in `browser` and sets it up for printing: scripts off, every request answered here, the assets' origin loaded. */
  static async open(browser: Browser): Promise<PrintPage> {
    const page = await browser.newPage();
    try {
      const [client] = await Promise.all([page.createCDPSession(), page.setJavaScriptEnabled(false), page.setRequestInterception(true)]);
      const printer = new PrintPage(page, client);
      page.on('request', (request) => void printer.answer(request));
      await page.goto(`${assetOrigin}/document.html`, { waitUntil: 'load' });
      printer.frameId = (await client.send('Page.getFrameTree')).frameTree.frame.id;
      return printer;
    } catch (error) {
      await page.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Prints one HTML page to a tagged PDF with its outline. A `draft` is
   * printed without them, and without painting anything but link targets
   * (twice as fast): for a pass whose only use is to find where things land.
   *
   * The HTML replaces the page's document in place rather than being
   * navigated to: a navigation costs Chromium about 50 ms, more than printing
   * a two-page letter, and the PDF is the same byte for byte. The PDF comes
   * back in one message rather than as a stream read in chunks.
   */
  async print(html: string, timeoutMs = DEFAULT_TIMEOUT_MS, draft = false): Promise<PrintResult> {
    const blocked: string[] = [];
    this.blocked = blocked;
    this.printed++;
    const printing = (async () => {
      await this.client.send('Page.setDocumentContent', { frameId: this.frameId, html: draft ? html + DRAFT_STYLE : html });
      await this.client.send('Runtime.evaluate', { expression: LOAD_ASSETS, awaitPromise: true });
      const { data } = await this.client.send('Page.printToPDF', {
        paperWidth: A4.width, paperHeight: A4.height, marginTop: 0, marginBottom: 0, marginLeft: 0, marginRight: 0,
        printBackground: true, preferCSSPageSize: true, generateTaggedPDF: !draft, generateDocumentOutline: !draft,
        transferMode: 'ReturnAsBase64',
      });
      return Buffer.from(data, 'base64');
    })();
    printing.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`printing timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return { pdf: await Promise.race([printing, timeUp]), blocked };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }

  private async answer(request: HTTPRequest): Promise<void> {
    const url = request.url();
    // The empty document the page starts from: each print replaces its content.
    if (url === `${assetOrigin}/document.html`) return request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html>' });
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
