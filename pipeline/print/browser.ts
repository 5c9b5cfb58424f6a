import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer';
import { PrintPage } from './print-pdf.ts';

/** Flags for a headless Chromium on a machine with no network but the package registries. */
const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--font-render-hinting=none',
];

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium to drive: $HANDLINGAR_CHROMIUM, $PUPPETEER_EXECUTABLE_PATH, or a system browser. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.HANDLINGAR_CHROMIUM ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return fromEnv;
  return candidates.find((path) => existsSync(path));
}

/**
 * The browser a build prints with: a shared browser service at `browserUrl`
 * (browserless, or Chromium with --remote-debugging-port) when given, else
 * one started for this build.
 */
export async function openBrowser(browserUrl = process.env.HANDLINGAR_BROWSER_URL): Promise<Browser> {
  if (browserUrl) return puppeteer.connect({ browserURL: browserUrl });
  return launchBrowser();
}

/** Leaves a shared browser running for others; closes one we started. */
export async function closeBrowser(browser: Browser, browserUrl = process.env.HANDLINGAR_BROWSER_URL): Promise<void> {
  if (browserUrl) await browser.disconnect();
  else await browser.close();
}

/** Starts one headless Chromium for a whole build. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('No Chromium found. Install it with `apt-get install -y chromium`, or set HANDLINGAR_CHROMIUM to its path.');
  }
  return puppeteer.launch({ executablePath, headless: true, args: chromiumArgs });
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

  private constructor(private browser: Browser, private readonly url: string | undefined) {}

  static async open(url?: string): Promise<BrowserSession> {
    return new BrowserSession(await openBrowser(url), url);
  }

  alive(): boolean {
    return this.browser.connected;
  }

  /** A page set up for printing. */
  newPage(): Promise<PrintPage> {
    return PrintPage.open(this.browser);
  }

  /** Starts a new browser when this one died; true when there is a live browser to print with. */
  recover(): Promise<boolean> {
    if (this.alive()) return Promise.resolve(true);
    this.recovering ??= (async () => {
      if (this.restarts++ > 0) return false;
      try {
        this.browser = await openBrowser(this.url);
        return true;
      } catch {
        return false;
      } finally {
        this.recovering = undefined;
      }
    })();
    return this.recovering;
  }

  async close(): Promise<void> {
    if (this.alive()) await closeBrowser(this.browser, this.url);
  }
}
