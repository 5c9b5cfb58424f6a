import { readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Browser, CDPSession, HTTPRequest, Page } from 'puppeteer-core';
import { defineRule, messageError } from '../core/message.ts';
import { projectRoot } from '../core/paths.ts';
import { assetOrigin, slotTexts } from '../render/render-html.ts';

/** A request the page made that was refused: only the project's own assets may load. */
export const blockedRequest = defineRule<{ urls: readonly string[] }>('print/blocked-request', 'warning', {
  sv: ({ urls }) => ({
    reason: `Dokumentet försökte hämta något utanför projektets egna filer, vilket stoppades: ${urls.join(', ')}.`,
    fix: 'Det här är ett fel i mallarna; rapportera det.',
  }),
  en: ({ urls }) => ({
    reason: `The document tried to load something from outside the project, which was refused: ${urls.join(', ')}.`,
    fix: 'This is a fault in the templates; please report it.',
  }),
});
const timeout = defineRule<{ ms: number }>('print/timeout', 'error', {
  sv: ({ ms }) => ({
    reason: `PDF:en kunde inte skapas: utskriften tog längre tid än ${ms} ms och avbröts.`,
    fix: 'Bygg igen; tar dokumentet längre tid än så, ge det mer tid med --timeout (sekunder).',
  }),
  en: ({ ms }) => ({
    reason: `The PDF could not be made: printing took longer than ${ms} ms and was stopped.`,
    fix: 'Build again; if the document needs longer, give it more time with --timeout (seconds).',
  }),
});

/** The only files a page may load: templates and the fonts shipped through npm (Source Sans 3, and symbols it lacks). */
const assetRoots: Record<string, string> = {
  fonts: join(projectRoot, 'node_modules', '@fontsource', 'source-sans-3', 'files'),
  symbols: join(projectRoot, 'node_modules', '@fontsource', 'noto-sans-symbols', 'files'),
  templates: join(projectRoot, 'templates'),
};

export const contentTypes: Record<string, string> = { woff2: 'font/woff2', css: 'text/css', png: 'image/png', svg: 'image/svg+xml' };

/** What printing produced: the PDF, and any request the page made that was refused. */
export interface PrintResult {
  pdf: Uint8Array;
  blocked: string[];
}

/** A4 in inches, as Chromium's printing takes it; a document's own `@page size` comes first. */
const A4 = { width: 8.27, height: 11.7 };

/**
 * Images still loading. Printing waits for no image either, and a hidden
 * page with its scripts off can neither decode one nor call back when one
 * has loaded, so the page is asked again until none is left.
 */
const IMAGES_LOADING = '[...document.images].filter((image) => !image.complete).length';
const IMAGE_POLL_MS = 5;

/**
 * Run in the page after its content is set (DevTools runs it even with the
 * page's scripts off): applies the styles, which declares the fonts, and
 * loads every declared font. Printing waits for no font by itself; the page
 * is not laid out for the screen, which printing would not use. Returns how
 * many images are still loading.
 */
const LOAD_FONTS = `(async () => {
  getComputedStyle(document.body).fontFamily;
  await Promise.allSettled([...document.fonts].map((font) => font.load()));
  await document.fonts.ready;
  return ${IMAGES_LOADING};
})()`;

/**
 * Added to a draft: every box is laid out as in the final print, but only the
 * elements that links point to are painted (Chromium writes a destination
 * only for a painted element). Visibility does not change layout, so the
 * draft's page numbers are the final print's, for about half the work.
 */
const DRAFT_STYLE = '<style id="handlingar-draft">*, *::before, *::after { visibility: hidden !important; } [id] { visibility: visible !important; }</style>';

/**
 * Run in the page to make it show a rendering that differs from the one it
 * shows only in its page-number slots (see slotTexts): sets their texts and,
 * when a final print follows a draft, removes the draft's style. Returns
 * false, changing nothing, if the page's slots are not those expected.
 */
const SET_SLOTS = `((texts, undraft) => {
  const slots = document.querySelectorAll('[data-page]');
  if (slots.length !== texts.length) return false;
  texts.forEach((text, i) => { if (slots[i].textContent !== text) slots[i].textContent = text; });
  if (undraft) document.getElementById('handlingar-draft').remove();
  return true;
})`;

/**
 * How many bytes of PDF a page prints before it is asked to collect its
 * garbage. With its scripts off, a page allocates nothing in JavaScript, so
 * its garbage collector is rarely started by itself, and every document the
 * page showed before stayed in memory: a renderer printing the SUP 2040
 * letters (9 pages each) grew by 3.3 MB a print, to 1.9 GB for the three of
 * a 521-letter batch. A collection takes about 10 ms for a letter's page.
 */
const COLLECT_AFTER_BYTES = 2 * 1024 * 1024;

/** How long loading and printing one rendering may take before the document fails. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A browser page set up once to print many documents, one after the other.
 * It runs no JavaScript and loads nothing but the project's own assets and
 * what the page holds itself (a figure's image, as a data: URL): every other
 * request (network, file://) is refused and reported. Assets are read once per page, not once per print.
 */
export class PrintPage {
  private blocked: string[] = [];
  private frameId = '';
  /** How many prints this page has made. */
  printed = 0;
  /** Bytes of PDF printed since the page last collected its garbage. */
  private uncollected = 0;
  private readonly assets = new Map<string, Buffer | undefined>();
  /** The rendering the page shows, whether as a draft, and the requests it made that were refused; unknown after a print that failed. */
  private shown: { html: string; draft: boolean; blocked: string[] } | undefined;

  private constructor(
    readonly page: Page,
    private readonly client: CDPSession,
    /** What the browser service this page is in says it is ("Chrome/156.0.8078.114"), for the edition's record; none for a Chromium of ours. */
    readonly browserVersion: string | undefined,
  ) {}

  /** False once the browser this page is in has gone (killed, or its connection lost). */
  get connected(): boolean {
    return this.page.browser().connected;
  }

  /**
   * Opens a page in `browser` and sets it up for printing: scripts off, every
   * request answered here, the assets' origin loaded. With `hide` (a browser
   * of our own), the page's window is minimized: a hidden page is never laid
   * out, painted and composited for a screen, which costs a visible one about
   * a third as much again as printing a letter; the PDF is the same.
   */
  static async open(browser: Browser, hide = false, browserVersion?: string): Promise<PrintPage> {
    const page = await browser.newPage({ background: true });
    try {
      const [client] = await Promise.all([page.createCDPSession(), page.setJavaScriptEnabled(false), page.setRequestInterception(true)]);
      if (hide) {
        const { windowId } = await client.send('Browser.getWindowForTarget');
        await client.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
      }
      const printer = new PrintPage(page, client, browserVersion);
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
   * back in one message rather than as a stream read in chunks. A rendering
   * that differs from the one shown only in page numbers (the next pass over
   * a table of contents) is not even set anew: its numbers are, which spares
   * Chromium parsing and styling the document again.
   * `sent` is told when Chromium has the document laid out and is asked for
   * the PDF: it is busy from then on, and Node's turns are free.
   */
  async print(html: string, timeoutMs = DEFAULT_TIMEOUT_MS, draft = false, sent?: () => void): Promise<PrintResult> {
    const blocked: string[] = [];
    this.blocked = blocked;
    this.printed++;
    let timedOut = false;
    const printing = (async () => {
      await this.show(html, draft, blocked, () => timedOut);
      const asked = this.client.send('Page.printToPDF', {
        paperWidth: A4.width,
        paperHeight: A4.height,
        marginTop: 0,
        marginBottom: 0,
        marginLeft: 0,
        marginRight: 0,
        printBackground: true,
        preferCSSPageSize: true,
        generateTaggedPDF: !draft,
        generateDocumentOutline: !draft,
        transferMode: 'ReturnAsBase64',
      });
      asked.catch(() => undefined);
      sent?.();
      const { data } = await asked;
      this.shown = { html, draft, blocked };
      const pdf = Buffer.from(data, 'base64');
      this.uncollected += pdf.length;
      if (this.uncollected >= COLLECT_AFTER_BYTES) {
        this.uncollected = 0;
        // A page that cannot (closing, or a service that refuses) still printed its PDF.
        await this.client.send('HeapProfiler.collectGarbage').catch(() => undefined);
      }
      return pdf;
    })();
    printing.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(messageError(timeout, { ms: timeoutMs }));
      }, timeoutMs);
    });
    try {
      return { pdf: await Promise.race([printing, timeUp]), blocked };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Shows `html` as it is printed (print media, fonts and images loaded) and
   * returns what `expression`, run in the page by DevTools, comes to: for
   * checks of the laid-out document (a test's look for text that overflows
   * its box). Nothing is printed.
   */
  async inspect<T>(html: string, expression: string): Promise<T> {
    await this.client.send('Emulation.setEmulatedMedia', { media: 'print' });
    this.blocked = [];
    await this.show(html, false, this.blocked, () => false);
    // The page shows something other than a print: the next print sets its document anew.
    this.shown = undefined;
    return this.evaluate<T>(expression);
  }

  /**
   * Makes the page show `html`, its fonts and images loaded: by setting its
   * page-number slots when nothing else differs from what it shows (a draft's
   * style can be taken away, not added), else by setting the whole document.
   */
  private async show(html: string, draft: boolean, blocked: string[], timedOut: () => boolean): Promise<void> {
    const shown = this.shown;
    this.shown = undefined;
    const slots = shown && (shown.draft || !draft) ? slotTexts(shown.html, html) : undefined;
    if (slots && (await this.evaluate<boolean>(`${SET_SLOTS}(${JSON.stringify(slots)}, ${shown!.draft && !draft})`))) {
      // Updated in place, the document requests nothing again: what it was refused still holds.
      blocked.push(...shown!.blocked);
    } else {
      await this.client.send('Page.setDocumentContent', { frameId: this.frameId, html: draft ? html + DRAFT_STYLE : html });
    }
    for (let loading = await this.evaluate<number>(LOAD_FONTS); loading > 0 && !timedOut(); loading = await this.evaluate<number>(IMAGES_LOADING)) {
      await new Promise((resolve) => setTimeout(resolve, IMAGE_POLL_MS));
    }
  }

  /** What an expression run in the page comes to. */
  private async evaluate<T>(expression: string): Promise<T> {
    const { result } = await this.client.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    return result.value as T;
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }

  private async answer(request: HTTPRequest): Promise<void> {
    const url = request.url();
    // The empty document the page starts from: each print replaces its content.
    if (url === `${assetOrigin}/document.html`) return request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html>' });
    if (url === `${assetOrigin}/favicon.ico`) return request.respond({ status: 204, body: '' });
    // A data: URL loads nothing: a figure's image, embedded in the page; its CSP allows it as an image only (img-src data:).
    if (url.startsWith('data:')) return request.continue();
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
