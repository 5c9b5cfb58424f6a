import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEdition } from '../../pipeline/archive/editions.ts';
import type { Message } from '../../pipeline/core/message.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { startFarmChromium, stopFarm } from '../helpers/farm.ts';
import { copyOfSources } from '../helpers/project.ts';

afterAll(() => stopFarm());

/** Every word a message says, in both languages. */
const wordsOf = (messages: readonly Message[]) => messages.flatMap((m) => [m.text.sv.reason, m.text.sv.fix, m.text.en.reason, m.text.en.fix]).join('\n');

describe('a farm of browser services', () => {
  it('spreads the letters over two Chromiums, prints the documents of one killed mid-batch on the other, and makes the bytes of a local build', {
    timeout: 600_000,
  }, async () => {
    const [first, second] = await Promise.all([startFarmChromium(), startFarmChromium()]);
    const remote = copyOfSources();
    const local = copyOfSources();
    const letters = (s: typeof remote) => [join(s.sources, 'tjansteskrivelse')];
    const editions = (s: typeof remote) => join(s.dir, 'editions');

    // The first by its HTTP address, the second by its WebSocket, each with a token (which Chromium ignores), and a third that is not there.
    const farmUrls = [`${first.http}?token=hemlig-ett`, `${second.ws}?token=hemlig-tva`, 'ws://127.0.0.1:9/devtools/browser/borta?token=hemlig-tre'];
    let built = 0;
    let killed = false;
    const report = await build({
      sourcesDir: remote.sources,
      outDir: remote.out,
      editionsDir: editions(remote),
      paths: letters(remote),
      browserUrl: farmUrls.join(','),
      jobs: 2,
      // Mid-batch: the first browser is killed (by the PID this test started) as the fourth document goes to print, with
      // thirteen to go. Counted by the printing, not by the documents reported: a report may wait for a DOCX written after it.
      onProgress: (done) => {
        if (done === 3 && !killed) {
          killed = true;
          process.kill(-first.pid, 'SIGKILL');
        }
      },
      onDocument: (result) => {
        if (result.status === 'built') built++;
      },
    });
    expect(killed).toBe(true);
    const alone = await build({ sourcesDir: local.sources, outDir: local.out, editionsDir: editions(local), paths: letters(local) });

    // The 16 letters, and what they attach (the plan, for vp-2023).
    const count = alone.documents.length;
    expect(count).toBeGreaterThanOrEqual(16);
    expect(alone.documents.map((d) => d.status)).toEqual(Array(count).fill('built'));
    expect(report.documents.map((d) => d.status)).toEqual(Array(count).fill('built'));
    expect(built).toBe(count);
    const pdfs = readdirSync(local.out).filter((name) => name.endsWith('.pdf'));
    expect(pdfs).toHaveLength(count);
    expect(pdfs.filter((name) => name.startsWith('tjansteskrivelse-'))).toHaveLength(16);
    for (const name of pdfs) expect(readFileSync(join(remote.out, name)).equals(readFileSync(join(local.out, name))), name).toBe(true);

    // What was said: the address that was not there at the start, and the one that went away, tokens masked; no document has a message about it.
    const said = report.printing ?? [];
    expect(said.map((m) => [m.ruleId, m.severity])).toEqual([
      ['print/browser-endpoint-down', 'warning'],
      ['print/browser-endpoint-down', 'warning'],
    ]);
    expect(said[0]!.text.en.reason).toMatch(
      /^The browser service at ws:\/\/127\.0\.0\.1:9\/devtools\/browser\/borta\?token=\*\*\* could not be reached \(.+\); the others \(2\) print the documents\.$/,
    );
    expect(said[1]!.text.en.reason).toBe(`The browser service at ${first.http}/?token=*** went away during the build; the others (1) printed its documents.`);
    expect(wordsOf(said)).not.toMatch(/hemlig/);
    expect(report.documents.flatMap((d) => d.messages).filter((m) => m.ruleId.startsWith('print/'))).toEqual([]);

    // Each edition records the browser that printed it, as the service says it is (both run the same Chromium).
    const version = ((await (await fetch(`${second.http}/json/version`)).json()) as { Browser: string }).Browser;
    expect(version).toMatch(/^(Headless)?Chrome\/\d+\.\d+\.\d+\.\d+$/);
    for (const d of report.documents) expect(readEdition(editions(remote), d.edition!)!.tool.chromium, d.edition).toBe(version);
    for (const d of alone.documents) expect(readEdition(editions(local), d.edition!)!.tool.chromium, d.edition).toMatch(/^Chromium \d+/);
  });

  it('lets go of a service that hangs mid-batch (stopped, its connection open) once a print on it has waited its --timeout, and prints the rest on the other', {
    timeout: 400_000,
  }, async () => {
    const [first, second] = await Promise.all([startFarmChromium(), startFarmChromium()]);
    const scratch = copyOfSources();
    let stopped = false;
    const report = await build({
      sourcesDir: scratch.sources,
      outDir: scratch.out,
      paths: [join(scratch.sources, 'tjansteskrivelse', 'sup-2040')],
      browserUrl: `${first.ws},${second.ws}`,
      jobs: 1,
      archive: false,
      timeoutMs: 20_000,
      // One page in each browser; the first browser stops (SIGSTOP: alive, its socket open, answering nothing) as the second of eight letters is done.
      onProgress: (done) => {
        if (done === 1 && !stopped) {
          stopped = true;
          process.kill(-first.pid, 'SIGSTOP');
        }
      },
    });
    expect(stopped).toBe(true);
    expect(report.documents.map((d) => d.status)).toEqual(Array(8).fill('built'));
    expect(report.documents.flatMap((d) => d.messages).filter((m) => m.ruleId.startsWith('print/'))).toEqual([]);
    expect((report.printing ?? []).map((m) => m.text.en.reason)).toEqual([
      `The browser service at ${first.ws} went away during the build; the others (1) printed its documents.`,
    ]);
  });

  it('waits for a service that takes the connection and never answers only a few seconds once another has answered, not the whole --timeout; closes the pages it opened in a service', {
    timeout: 120_000,
  }, async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const service = await startFarmChromium();
      const hanging = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const session = await BrowserSession.open([hanging, service.ws], undefined, 300_000);
      try {
        expect(session.browsers).toBe(1);
        expect(session.takeNotices().map((m) => m.text.en.reason)).toEqual([
          `The browser service at ${hanging} did not answer within 5 seconds of the others; the others (1) print the documents.`,
        ]);
        // Told once: a build that keeps the session (watch) does not say it again.
        expect(session.takeNotices()).toEqual([]);
        session.warm(2);
        session.keep(await session.newPage());
      } finally {
        await session.close();
      }
      // The service outlives the build: the pages the build opened in it are closed, its own first page left.
      const targets = (await (await fetch(`${service.http}/json/list`)).json()) as Array<{ type: string; url: string }>;
      expect(targets.filter((t) => t.type === 'page').map((t) => t.url)).toEqual(['about:blank']);
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });

  it('takes the option repeated and the variable comma-separated, and says which services could not be used, their tokens masked (exit 2)', async () => {
    const scratch = copyOfSources();
    const minutes = join(scratch.sources, 'minnesanteckningar');
    const refused = ['ws://127.0.0.1:9/devtools/browser/x?token=hemlig-ett', 'http://farm:hemlig-tva@127.0.0.1:9/?token=hemlig-tre'];
    const asked = ['build', '--lang', 'en', '--out', scratch.out, '--no-archive', '--force', minutes];
    const repeated = await runCommandLine(...asked, ...refused.flatMap((url) => ['--browser-url', url]));
    process.env.HANDLINGAR_BROWSER_URL = refused.join(',');
    let fromVariable: Awaited<ReturnType<typeof runCommandLine>>;
    try {
      fromVariable = await runCommandLine(...asked);
    } finally {
      delete process.env.HANDLINGAR_BROWSER_URL;
    }
    for (const run of [repeated, fromVariable]) {
      const said = run.stdout + run.stderr;
      expect(run.code).toBe(2);
      expect(said).toContain('None of the browser services could be used: ws://127.0.0.1:9/devtools/browser/x?token=*** could not be reached (');
      expect(said).toContain('; http://farm:***@127.0.0.1:9/?token=*** could not be reached (');
      expect(said).toContain('[print/browser-unreachable]');
      expect(said).not.toMatch(/hemlig/);
    }
  });
});
