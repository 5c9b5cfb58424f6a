import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEdition } from '../../pipeline/archive/editions.ts';
import type { Message } from '../../pipeline/core/message.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { findChromium } from '../../pipeline/print/chromium.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** A Chromium of the test's own serving the DevTools protocol on a port it chose: a member of the farm. */
interface FarmChromium {
  pid: number;
  /** Its DevTools WebSocket, as it said on stderr ("DevTools listening on ws://…"). */
  ws: string;
  /** Its HTTP address (whose /json/version names the WebSocket). */
  http: string;
}

const started: number[] = [];
// Each Chromium and its helpers are a process group of their own: all of it, and only what this test started, is killed.
afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // it had already stopped (or was killed by the test)
    }
  }
});

/** Starts Chromium with --remote-debugging-port=0 and reads the port it took from what it says on stderr. */
function startFarmChromium(): Promise<FarmChromium> {
  const child = spawn(
    findChromium()!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--remote-debugging-port=0',
      '--remote-debugging-address=127.0.0.1',
      `--user-data-dir=${scratchDir('farm-chromium-')}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  started.push(child.pid!);
  return new Promise((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const ws = /DevTools listening on (ws:\/\/\S+)/.exec(said)?.[1];
      if (ws) {
        // Read on to the end: a full pipe would stop Chromium.
        said = '';
        resolve({ pid: child.pid!, ws, http: `http://${new URL(ws).host}` });
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium stopped (${code}) before it listened: ${said}`)));
  });
}

/** Every word a message says, in both languages. */
const wordsOf = (messages: readonly Message[]) => messages.flatMap((m) => [m.text.sv.reason, m.text.sv.fix, m.text.en.reason, m.text.en.fix]).join('\n');

describe('a farm of browser services', () => {
  it('spreads the letters over two Chromiums, prints the documents of one killed mid-batch on the other, and makes the bytes of a local build', {
    timeout: 600_000,
  }, async () => {
    const [first, second] = await Promise.all([startFarmChromium(), startFarmChromium()]);
    const farm = copyOfSources();
    const local = copyOfSources();
    const letters = (s: typeof farm) => [join(s.sources, 'tjansteskrivelse')];
    const editions = (s: typeof farm) => join(s.dir, 'editions');

    // The first by its HTTP address, the second by its WebSocket, each with a token (which Chromium ignores), and a third that is not there.
    const farmUrls = [`${first.http}?token=hemlig-ett`, `${second.ws}?token=hemlig-tva`, 'ws://127.0.0.1:9/devtools/browser/borta?token=hemlig-tre'];
    let built = 0;
    const report = await build({
      sourcesDir: farm.sources,
      outDir: farm.out,
      editionsDir: editions(farm),
      paths: letters(farm),
      browserUrl: farmUrls.join(','),
      jobs: 2,
      onDocument: (result) => {
        // Mid-batch: the first browser is killed (by the PID this test started) after the third letter, with thirteen to go.
        if (result.status === 'built' && ++built === 3) process.kill(-first.pid, 'SIGKILL');
      },
    });
    const alone = await build({ sourcesDir: local.sources, outDir: local.out, editionsDir: editions(local), paths: letters(local) });

    expect(alone.documents.map((d) => d.status)).toEqual(Array(16).fill('built'));
    expect(report.documents.map((d) => d.status)).toEqual(Array(16).fill('built'));
    expect(built).toBe(16);
    const pdfs = readdirSync(local.out).filter((name) => name.endsWith('.pdf'));
    expect(pdfs).toHaveLength(16);
    for (const name of pdfs) expect(readFileSync(join(farm.out, name)).equals(readFileSync(join(local.out, name))), name).toBe(true);

    // What was said: the address that was not there at the start, and the one that went away, tokens masked; no document has a message about it.
    const said = report.printing ?? [];
    expect(said.map((m) => [m.ruleId, m.severity])).toEqual([
      ['print/browser-endpoint-down', 'warning'],
      ['print/browser-endpoint-down', 'warning'],
    ]);
    expect(said[0]!.text.en.reason).toMatch(/^The browser service at ws:\/\/127\.0\.0\.1:9\/devtools\/browser\/borta\?token=\*\*\* could not be reached \(.+\); the others \(2\) print the documents\.$/);
    expect(said[1]!.text.en.reason).toBe(`The browser service at ${first.http}/?token=*** went away during the build; the others (1) printed its documents.`);
    expect(wordsOf(said)).not.toMatch(/hemlig/);
    expect(report.documents.flatMap((d) => d.messages).filter((m) => m.ruleId.startsWith('print/'))).toEqual([]);

    // Each edition records the browser that printed it, as the service says it is (both run the same Chromium).
    const version = ((await (await fetch(`${second.http}/json/version`)).json()) as { Browser: string }).Browser;
    expect(version).toMatch(/^(Headless)?Chrome\/\d+\.\d+\.\d+\.\d+$/);
    for (const d of report.documents) expect(readEdition(editions(farm), d.edition!)!.tool.chromium, d.edition).toBe(version);
    for (const d of alone.documents) expect(readEdition(editions(local), d.edition!)!.tool.chromium, d.edition).toMatch(/^Chromium \d+/);
  });
});
