import puppeteer, { type Browser } from 'puppeteer-core';
import { defineRule, messageError } from '../core/message.ts';
import { type StartedChromium, startChromium } from './chromium.ts';
import { PrintPage } from './print-page.ts';

const unreachable = defineRule<{ url: string; seconds: number }>('print/browser-unreachable', 'error', {
  sv: ({ url, seconds }) => ({
    reason: `Webbläsartjänsten på ${url} svarade inte inom ${seconds} sekunder.`,
    fix: 'Kontrollera adressen (--browser-url eller HANDLINGAR_BROWSER_URL) och att tjänsten är igång, eller bygg utan den.',
  }),
  en: ({ url, seconds }) => ({
    reason: `The browser service at ${url} did not answer within ${seconds} seconds.`,
    fix: 'Check the address (--browser-url or HANDLINGAR_BROWSER_URL) and that the service runs, or build without it.',
  }),
});
const silent = defineRule<{ seconds: number }>('print/chromium-silent', 'error', {
  sv: ({ seconds }) => ({
    reason: `Chromium startade men svarade inte inom ${seconds} sekunder, och stoppades.`,
    fix: 'Bygg igen; händer det igen, se efter om datorn är överbelastad, eller ge mer tid med --timeout.',
  }),
  en: ({ seconds }) => ({
    reason: `Chromium started but did not answer within ${seconds} seconds, and was stopped.`,
    fix: 'Build again; if it happens again, see whether the machine is overloaded, or give more time with --timeout.',
  }),
});

/** What `promise` comes to, or the error `late` makes if it takes more than `ms`. */
async function within<T>(promise: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  try {
    return await Promise.race([promise, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The browser a build prints with. If it dies, one new browser is started
 * (or connected to) for the documents left. Kept open across builds by
 * `handlingar watch`, so that a rebuild after a save does not wait for
 * Chromium to start.
 */
export class BrowserSession {
  private recovering: Promise<boolean> | undefined;
  private restarts = 0;
  private spare: Array<Promise<PrintPage>> = [];

  private constructor(
    private browser: Browser,
    private chromium: StartedChromium | undefined,
    private readonly url: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connects to a shared browser service at `url` (browserless, or Chromium
   * with --remote-debugging-port; also $HANDLINGAR_BROWSER_URL), or to the
   * Chromium `started` for this build, or starts one. Either must answer
   * within `timeoutMs`: a browser that never does fails the build with a
   * message instead of holding it for ever.
   */
  static async open(url = process.env.HANDLINGAR_BROWSER_URL, started?: StartedChromium, timeoutMs = 60_000): Promise<BrowserSession> {
    if (url) {
      const connected = puppeteer.connect({ browserURL: url, protocolTimeout: timeoutMs });
      return new BrowserSession(
        await within(connected, timeoutMs, () => messageError(unreachable, { url, seconds: timeoutMs / 1000 })),
        undefined,
        url,
        timeoutMs,
      );
    }
    const chromium = started ?? startChromium();
    try {
      if (!chromium.transport) return await chromium.failed;
      const connected = Promise.race([chromium.failed, puppeteer.connect({ transport: chromium.transport })]);
      return new BrowserSession(await within(connected, timeoutMs, () => messageError(silent, { seconds: timeoutMs / 1000 })), chromium, undefined, timeoutMs);
    } catch (error) {
      await chromium.stop();
      throw error;
    }
  }

  /** The process id of the Chromium this session started and prints with; none for a shared browser. */
  get pid(): number | undefined {
    return this.chromium?.pid;
  }

  alive(): boolean {
    return this.browser.connected;
  }

  /** A page set up for printing: one opened ahead by `warm`, or a new one. */
  newPage(): Promise<PrintPage> {
    const spare = this.spare.shift();
    return spare ? spare.catch(() => this.openPage()) : this.openPage();
  }

  /** Takes back a page that is still good, for the next build (watch) to print with: opening one costs more than printing. */
  keep(page: PrintPage): void {
    this.spare.push(Promise.resolve(page));
  }

  /** Opens pages ahead, so that Chromium starts their renderers while the build is still preparing documents. */
  warm(pages: number): void {
    while (this.spare.length < pages) {
      const page = this.openPage();
      page.catch(() => undefined);
      this.spare.push(page);
    }
  }

  /** A page hidden from any screen when the browser is ours; a shared browser's windows are left as they are. */
  private openPage(): Promise<PrintPage> {
    return PrintPage.open(this.browser, !this.url);
  }

  /** Starts a new browser when this one died; true when there is a live browser to print with. */
  recover(): Promise<boolean> {
    if (this.alive()) return Promise.resolve(true);
    this.recovering ??= (async () => {
      if (this.restarts++ > 0) return false;
      try {
        this.spare = [];
        await this.chromium?.stop();
        const fresh = await BrowserSession.open(this.url, undefined, this.timeoutMs);
        this.browser = fresh.browser;
        this.chromium = fresh.chromium;
        return true;
      } catch {
        return false;
      } finally {
        this.recovering = undefined;
      }
    })();
    return this.recovering;
  }

  /** Leaves a shared browser running for others; closes one we started. */
  async close(): Promise<void> {
    // Pages still opening (warm) are let finish first: one whose navigation is cut off by the browser closing keeps
    // a 30-second timer of Puppeteer's running, and with it the process, after everything else is done.
    await Promise.allSettled(this.spare);
    if (this.url) await this.browser.disconnect().catch(() => undefined);
    else await this.browser.close().catch(() => undefined);
    await this.chromium?.stop();
  }
}
