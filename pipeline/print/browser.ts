import type { Browser, connect } from 'puppeteer-core';
import connectOnly from 'puppeteer-core/internal/puppeteer-core-browser.js';
import { createMessage, defineRule, type Message, messageError } from '../core/message.ts';
import { type StartedChromium, startChromium } from './chromium.ts';
import { type Endpoint, maskSecrets, parseEndpoints, webSocketOf } from './endpoints.ts';
import { PrintPage } from './print-page.ts';

/**
 * Puppeteer's entry that can only connect (to a browser's pipe or address),
 * not launch or download browsers: the full entry loads @puppeteer/browsers
 * and its proxy agents (1.8 MB of JavaScript, PAC scripts and a JavaScript
 * parser among them) into every build that prints. The same classes; the
 * package's own type declarations name them apart, so it is typed as the full
 * entry's `connect`. It does not give Puppeteer Node's file system: what
 * writes or reads a file by path (`page.pdf({ path })`, screenshots to a
 * file, `uploadFile`) would fail; this module prints over DevTools only.
 */
const puppeteer = connectOnly as unknown as { connect: typeof connect };

/**
 * A browser service that could not be used: its address (secrets masked), and
 * why (none: it did not answer within `seconds`, or within `seconds` of the
 * others of a farm).
 */
interface Failure {
  url: string;
  detail?: string;
  seconds?: number;
  afterOthers?: boolean;
}

/** What became of one browser service, in each language. */
const failureWords = {
  sv: ({ url, detail, seconds, afterOthers }: Failure) =>
    detail ? `${url} gick inte att nå (${detail})` : `${url} svarade inte inom ${seconds} sekunder${afterOthers ? ' efter de andra' : ''}`,
  en: ({ url, detail, seconds, afterOthers }: Failure) =>
    detail ? `${url} could not be reached (${detail})` : `${url} did not answer within ${seconds} seconds${afterOthers ? ' of the others' : ''}`,
};

const unreachable = defineRule<{ failures: readonly Failure[] }>('print/browser-unreachable', 'error', {
  sv: ({ failures }) => ({
    reason:
      failures.length === 1
        ? `Webbläsartjänsten på ${failureWords.sv(failures[0]!)}.`
        : `Ingen av webbläsartjänsterna gick att använda: ${failures.map((f) => failureWords.sv(f)).join('; ')}.`,
    fix: 'Kontrollera adressen (--browser-url eller HANDLINGAR_BROWSER_URL) och att tjänsten är igång, eller bygg utan den.',
  }),
  en: ({ failures }) => ({
    reason:
      failures.length === 1
        ? `The browser service at ${failureWords.en(failures[0]!)}.`
        : `None of the browser services could be used: ${failures.map((f) => failureWords.en(f)).join('; ')}.`,
    fix: 'Check the address (--browser-url or HANDLINGAR_BROWSER_URL) and that the service runs, or build without it.',
  }),
});
/** One browser service of several could not be used, at the start (`lost` false) or during the build; the others print its documents. */
const endpointDown = defineRule<{ failure: Failure; lost: boolean; others: number }>('print/browser-endpoint-down', 'warning', {
  sv: ({ failure, lost, others }) => ({
    reason: lost
      ? `Webbläsartjänsten på ${failure.url} försvann under bygget; dess dokument skrevs ut av de andra (${others}).`
      : `Webbläsartjänsten på ${failureWords.sv(failure)}; dokumenten skrivs ut av de andra (${others}).`,
    fix: 'Kontrollera tjänsten och adressen (--browser-url eller HANDLINGAR_BROWSER_URL). PDF:erna blir desamma utan den, bygget bara långsammare.',
  }),
  en: ({ failure, lost, others }) => ({
    reason: lost
      ? `The browser service at ${failure.url} went away during the build; the others (${others}) printed its documents.`
      : `The browser service at ${failureWords.en(failure)}; the others (${others}) print the documents.`,
    fix: 'Check the service and the address (--browser-url or HANDLINGAR_BROWSER_URL). The PDFs are the same without it; the build is only slower.',
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

/** The time to connect ran out, after `seconds` (of the others' answer, in a farm). */
class Late extends Error {
  constructor(
    readonly seconds: number,
    readonly afterOthers = false,
  ) {
    super(`no answer within ${seconds} seconds`);
  }
}

/**
 * Once one service of a farm has answered, how much longer the others are
 * waited for: one that is down (a host that drops the connection rather than
 * refusing it) must not hold every build for the whole --timeout.
 */
const LATE_JOIN_MS = 5_000;

/** One browser a session prints with: a Chromium of ours, or a browser service. */
interface Member {
  browser: Browser;
  /** The service's address; none for a Chromium of ours. */
  endpoint?: Endpoint;
  chromium?: StartedChromium;
  /** What a service says it is, recorded with the editions it prints. */
  version?: string;
  /** Pages handed out and not yet given back. */
  inUse: number;
  /** Pages opened ahead, or kept from the last build. */
  spare: Array<Promise<PrintPage>>;
}

/** Why a connection failed, in a few words with the endpoint's secrets masked, or how long it was waited for. */
function failureOf(error: unknown, endpoint: Endpoint): Failure {
  if (error instanceof Late) return { url: endpoint.shown, seconds: error.seconds, ...(error.afterOthers && { afterOthers: true }) };
  const { message, cause } = error as { message?: string; cause?: { message?: string } };
  return { url: endpoint.shown, detail: maskSecrets([message, cause?.message].filter(Boolean).join(': ') || String(error), endpoint) };
}

/** Connects to a browser service and asks what it is, within `timeoutMs`, or until `cutOff` rejects (with Late). */
async function connectTo(endpoint: Endpoint, timeoutMs: number, cutOff: Promise<never>): Promise<Member> {
  const abort = new AbortController();
  const connecting = (async () => {
    const browserWSEndpoint = await webSocketOf(endpoint, abort.signal);
    const browser = await puppeteer.connect({ browserWSEndpoint, protocolTimeout: timeoutMs });
    try {
      return { browser, version: await browser.version() };
    } catch (error) {
      await browser.disconnect().catch(() => undefined);
      throw error;
    }
  })();
  try {
    const { browser, version } = await within(Promise.race([connecting, cutOff]), timeoutMs, () => new Late(timeoutMs / 1000));
    return { browser, endpoint, version, inUse: 0, spare: [] };
  } catch (error) {
    abort.abort();
    // A connection made after the time ran out is let go.
    void connecting.then(({ browser }) => browser.disconnect()).catch(() => undefined);
    throw error;
  }
}

/** Starts (or takes the Chromium `started` for this build) and connects to it within `timeoutMs`; a Chromium that never answers is stopped. */
async function startMember(started: StartedChromium | undefined, timeoutMs: number): Promise<Member> {
  const chromium = started ?? startChromium();
  try {
    if (!chromium.transport) return await chromium.failed;
    const connected = Promise.race([chromium.failed, puppeteer.connect({ transport: chromium.transport })]);
    const browser = await within(connected, timeoutMs, () => messageError(silent, { seconds: timeoutMs / 1000 }));
    return { browser, chromium, inUse: 0, spare: [] };
  } catch (error) {
    await chromium.stop();
    throw error;
  }
}

/**
 * The browsers a build prints with: a Chromium of its own, or one or more
 * browser services (a farm). Pages are spread over the browsers; a browser
 * that dies is dropped, and the pages of the others print its documents.
 * When none is left, a new one is started (or the services connected to
 * again), once. Kept open across builds by `handlingar watch`, so that a
 * rebuild after a save does not wait for Chromium to start.
 */
export class BrowserSession {
  private recovering: Promise<boolean> | undefined;
  private restarts = 0;
  private readonly owners = new WeakMap<PrintPage, Member>();
  private notices: Message[] = [];

  private constructor(
    private members: Member[],
    private readonly endpoints: readonly Endpoint[],
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connects to the browser services at `url` (one address, several separated
   * by commas, or a list; browserless, or Chromium with
   * --remote-debugging-port; also $HANDLINGAR_BROWSER_URL), or to the
   * Chromium `started` for this build, or starts one. A browser must answer
   * within `timeoutMs`: one that never does fails the build with a message
   * instead of holding it for ever. Of several services, those that answer are
   * printed with, and each that does not is a warning (see takeNotices); only
   * when none answers is it an error.
   */
  static async open(
    url: string | readonly string[] | undefined = process.env.HANDLINGAR_BROWSER_URL,
    started?: StartedChromium,
    timeoutMs = 60_000,
  ): Promise<BrowserSession> {
    const endpoints = parseEndpoints(url);
    if (endpoints.length === 0) return new BrowserSession([await startMember(started, timeoutMs)], [], timeoutMs);
    const session = new BrowserSession([], endpoints, timeoutMs);
    await session.connectAll();
    return session;
  }

  /** Connects to every service at once; throws when none answers, and keeps a warning for each that does not while others do. */
  private async connectAll(): Promise<void> {
    let cut: (error: Late) => void = () => undefined;
    const cutOff = new Promise<never>((_, reject) => {
      cut = reject;
    });
    cutOff.catch(() => undefined);
    const connecting = this.endpoints.map((endpoint) => connectTo(endpoint, this.timeoutMs, cutOff));
    // The first to answer gives the others LATE_JOIN_MS more, and no longer.
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    void Promise.any(connecting).then(
      () => {
        if (!settled) timer = setTimeout(() => cut(new Late(LATE_JOIN_MS / 1000, true)), LATE_JOIN_MS);
      },
      () => undefined,
    );
    const tries = await Promise.allSettled(connecting);
    settled = true;
    clearTimeout(timer);
    const failures: Failure[] = [];
    tries.forEach((tried, i) => {
      if (tried.status === 'fulfilled') this.members.push(tried.value);
      else failures.push(failureOf(tried.reason, this.endpoints[i]!));
    });
    if (this.members.length === 0) throw messageError(unreachable, { failures });
    for (const failure of failures) this.notices.push(createMessage(endpointDown, { failure, lost: false, others: this.members.length }));
  }

  /** The process id of the Chromium this session started and prints with; none for browser services. */
  get pid(): number | undefined {
    return this.members.find((m) => m.chromium)?.chromium?.pid;
  }

  /** How many browsers are left to print with. */
  get browsers(): number {
    return this.members.filter((m) => m.browser.connected).length;
  }

  alive(): boolean {
    return this.browsers > 0;
  }

  /** What was said of browser services that could not be reached or went away since last asked (a build reports it once). */
  takeNotices(): Message[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  /** A page set up for printing, in the live browser with the fewest pages in use: one opened ahead by `warm`, or a new one. */
  async newPage(): Promise<PrintPage> {
    const member = this.members.filter((m) => m.browser.connected).sort((a, b) => a.inUse - b.inUse)[0];
    if (!member) throw new Error('no browser is left to print with');
    member.inUse++;
    try {
      const spare = member.spare.shift();
      const page = await (spare ? spare.catch(() => this.openPage(member)) : this.openPage(member));
      this.owners.set(page, member);
      return page;
    } catch (error) {
      member.inUse--;
      throw error;
    }
  }

  /** Takes back a page that is still good, for the next build (watch) to print with: opening one costs more than printing. */
  keep(page: PrintPage): void {
    const member = this.release(page);
    if (member && page.connected) member.spare.push(Promise.resolve(page));
  }

  /** Closes a page that is done with (it failed, or has printed enough). */
  async discard(page: PrintPage): Promise<void> {
    this.release(page);
    await page.close();
  }

  private release(page: PrintPage): Member | undefined {
    const member = this.owners.get(page);
    if (member) member.inUse--;
    this.owners.delete(page);
    return member;
  }

  /** Opens pages ahead in each browser, so that Chromium starts their renderers while the build is still preparing documents. */
  warm(pagesPerBrowser: number): void {
    for (const member of this.members) {
      while (member.spare.length + member.inUse < pagesPerBrowser) {
        const page = this.openPage(member);
        page.catch(() => undefined);
        member.spare.push(page);
      }
    }
  }

  /** A page hidden from any screen when the browser is ours; a service's windows are left as they are. */
  private openPage(member: Member): Promise<PrintPage> {
    return PrintPage.open(member.browser, !member.endpoint, member.version);
  }

  /**
   * True when the browser `page` printed in has gone, not just the print:
   * asked, a browser that is being killed does not answer. A browser service
   * that does not answer is let go as gone, also when its connection is still
   * open (it hangs): it is given no more pages, and `recover` drops it. A
   * Chromium of ours is kept: its going shows as its pipe closing, and one
   * slow to answer on a busy machine is still printing on its other pages.
   */
  async lost(page: PrintPage | undefined): Promise<boolean> {
    if (!page?.connected) return true;
    const browser = page.page.browser();
    const answered = await within(browser.version(), Math.min(this.timeoutMs, 10_000), () => new Late(0)).then(
      () => true,
      () => false,
    );
    if (answered) return !browser.connected;
    if (this.owners.get(page)?.endpoint) await browser.disconnect();
    return true;
  }

  /**
   * Drops the browsers that have gone (a service's going is a warning) and
   * says whether one is left to print with; when none is, starts a new
   * Chromium or connects to the services again, once per session.
   */
  recover(): Promise<boolean> {
    const gone = this.dropGone();
    if (this.alive()) return Promise.resolve(true);
    this.recovering ??= (async () => {
      await Promise.all(gone.map((m) => m.chromium?.stop()));
      if (this.restarts++ > 0) return false;
      try {
        if (this.endpoints.length > 0) await this.connectAll();
        else this.members = [await startMember(undefined, this.timeoutMs)];
        return true;
      } catch {
        return false;
      } finally {
        this.recovering = undefined;
      }
    })();
    return this.recovering;
  }

  /** Takes the browsers that have gone out of the session, and says so of each service among them while others are left. */
  private dropGone(): Member[] {
    const gone = this.members.filter((m) => !m.browser.connected);
    this.members = this.members.filter((m) => m.browser.connected);
    for (const member of gone) {
      member.spare = [];
      if (member.endpoint && this.members.length > 0) {
        const failure = { url: member.endpoint.shown };
        this.notices.push(createMessage(endpointDown, { failure, lost: true, others: this.members.length }));
      }
    }
    return gone;
  }

  /** Leaves browser services running for others; closes the Chromium we started. */
  async close(): Promise<void> {
    // Pages still opening (warm) are let finish first: one whose navigation is cut off by the browser closing keeps
    // a 30-second timer of Puppeteer's running, and with it the process, after everything else is done.
    await Promise.allSettled(this.members.flatMap((m) => m.spare));
    await Promise.all(
      this.members.map(async (member) => {
        if (member.endpoint) {
          // A service's browser outlives us: the pages we opened in it are closed, not left for it to hold for ever.
          const pages = await Promise.allSettled(member.spare);
          await Promise.all(pages.map((page) => (page.status === 'fulfilled' ? page.value.close() : undefined)));
          await member.browser.disconnect().catch(() => undefined);
        } else {
          await member.browser.close().catch(() => undefined);
        }
        await member.chromium?.stop();
      }),
    );
  }
}
