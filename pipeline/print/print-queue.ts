import type { BrowserSession } from './browser.ts';
import type { PrintPage } from './print-page.ts';

/**
 * Documents a page prints before it is closed and a fresh one opened, so that
 * its memory does not grow without end. Each print replaces the page's one
 * document, and the page collects its garbage as it prints (see
 * COLLECT_AFTER_BYTES), so a page grows slowly; opening a new one costs more
 * than a print.
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
 * Prints every item on `jobs` pages of each of the session's browsers at
 * once, in the order given. Each worker reuses its page, and gives it back
 * to the session when the queue is done; a page whose print failed is
 * replaced, so one crash fails one item. When the browser itself died, the
 * item is printed again on a page of another browser (or of a new one, which
 * the session starts once), and the workers that browser's pages were for
 * leave the rest to the others.
 */
export async function printQueue<T>(session: BrowserSession, items: readonly T[], jobs: number, task: QueueTask<T>): Promise<void> {
  const queue = [...items];
  // Each browser the session has may be lost under an item, and then one more started.
  const tries = session.browsers + 1;
  let done = 0;
  let running = 0;
  /** Prints one item, again on another page while the browser under it dies; false when it was left for another worker. */
  const printItem = async (item: T, keep: { page: PrintPage | undefined }): Promise<boolean | 'left'> => {
    for (let attempt = 1; attempt <= tries; attempt++) {
      keep.page ??= await session.newPage().catch(() => undefined);
      if (keep.page && (await task.print(keep.page, item))) return true;
      const lost = await session.lost(keep.page);
      if (keep.page) await session.discard(keep.page);
      keep.page = undefined;
      // Printed again only when the browser itself died and another (or a new one) can print it.
      if (!lost || !(await session.recover())) return false;
      // Fewer browsers now: a worker more than they print at once leaves the item to the others.
      if (running > jobs * session.browsers) return 'left';
    }
    return false;
  };
  const worker = async () => {
    const keep: { page: PrintPage | undefined } = { page: undefined };
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      task.started?.(item, done, items.length);
      const ok = await printItem(item, keep);
      if (ok === 'left') {
        queue.unshift(item);
        break;
      }
      if (ok && keep.page && keep.page.printed >= RENEW_PAGE_AFTER) {
        await session.discard(keep.page);
        keep.page = undefined;
      }
      done++;
      task.finished?.(item, ok);
    }
    running--;
    if (keep.page) session.keep(keep.page);
  };
  const workers = Math.max(1, Math.min(items.length, jobs * Math.max(1, session.browsers)));
  running = workers;
  await Promise.all(Array.from({ length: workers }, worker));
}
