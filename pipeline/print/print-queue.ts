import type { BrowserSession } from './browser.ts';
import type { PrintPage } from './print-page.ts';

/**
 * Documents a page prints before it is closed and a fresh one opened, so that
 * its memory does not grow without end. Each print replaces the page's one
 * document, so a page grows slowly (about 20 MB over 400 prints, measured),
 * and opening a new one costs more than a print.
 */
const RENEW_PAGE_AFTER = 500;

/** What the queue asks of its caller for one item. */
export interface QueueTask<T> {
  /** Prints one item on a page; true when it succeeded. Called again (once) with a new page when the browser died and was started again. */
  print: (page: PrintPage, item: T) => Promise<boolean>;
  /** Called when an item is taken from the queue: how many are done, of how many. */
  started?: (item: T, done: number, total: number) => void;
  /** Called when an item is done, printed or not. */
  finished?: (item: T, printed: boolean) => void;
}

/**
 * Prints every item on `jobs` pages of one browser at once, in the order
 * given. Each worker reuses its page, and gives it back to the session when
 * the queue is done; a page whose print failed is replaced, so one crash
 * fails one item. When the browser itself died, a new one is
 * started (once per session) and the item is printed again.
 */
export async function printQueue<T>(session: BrowserSession, items: readonly T[], jobs: number, task: QueueTask<T>): Promise<void> {
  const queue = [...items];
  let done = 0;
  const worker = async () => {
    let page: PrintPage | undefined;
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      task.started?.(item, done, items.length);
      let ok = false;
      for (let attempt = 1; attempt <= 2 && !ok; attempt++) {
        page ??= await session.newPage().catch(() => undefined);
        if (page) ok = await task.print(page, item);
        if (ok) break;
        await page?.close();
        page = undefined;
        // Printed again only when the browser itself died and a new one could be started.
        if (session.alive() || !(await session.recover())) break;
      }
      if (ok && page && page.printed >= RENEW_PAGE_AFTER) {
        await page.close();
        page = undefined;
      }
      done++;
      task.finished?.(item, ok);
    }
    if (page) session.keep(page);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(items.length, jobs)) }, worker));
}
