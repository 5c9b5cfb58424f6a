import { type BuildOptions, type BuildReport, build } from '../../pipeline/orchestrate/build.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';

/**
 * Builds one document at a time with a Chromium of the test's own, and kills
 * it (its process group, by the PID the session reports) after each of the
 * first `kills` documents printed, as the next goes to print: the session
 * starts a new one once, and only once. Returns the report and the PIDs that were killed.
 */
export async function buildKillingChromium(
  options: BuildOptions,
  kills: number,
): Promise<{ report: BuildReport; killed: number[]; pidAfter: number | undefined }> {
  const session = await BrowserSession.open();
  const killed: number[] = [];
  try {
    const report = await build({
      ...options,
      jobs: 1,
      session: async () => session,
      // Counted by the printing (the next document is taken when one is done), not by the documents reported: a report
      // may wait for files written beside the PDF after it.
      onProgress: (done) => {
        const pid = session.pid!;
        if (done <= killed.length || killed.includes(pid) || killed.length === kills) return;
        killed.push(pid);
        process.kill(-pid, 'SIGKILL');
      },
    });
    return { report, killed, pidAfter: session.pid };
  } finally {
    await session.close();
  }
}
