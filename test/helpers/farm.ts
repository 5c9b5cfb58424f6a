import { spawn } from 'node:child_process';
import { findChromium } from '../../pipeline/print/chromium.ts';
import { scratchDir } from './scratch.ts';

/**
 * How a Chromium is started as a browser service on this machine (the farm
 * test, scripts/local-farm.ts): headless, on a port it chooses, on
 * 127.0.0.1 only, with `profile` as its profile, and placing glyphs as a
 * build's own Chromium does (without hinting: a headless shell hints by
 * default), so that it prints the same bytes.
 */
export function farmChromiumArgs(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--font-render-hinting=none',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--remote-debugging-port=0',
    '--remote-debugging-address=127.0.0.1',
    `--user-data-dir=${profile}`,
    'about:blank',
  ];
}

/** A Chromium of the test's own serving the DevTools protocol on a port it chose: a browser service, one of a farm. */
export interface FarmChromium {
  /** Its process id, the leader of its process group: `process.kill(-pid, 'SIGKILL')` ends it and its helpers, and nothing else. */
  pid: number;
  /** Its DevTools WebSocket, as it said on stderr ("DevTools listening on ws://…"). */
  ws: string;
  /** Its HTTP address (whose /json/version names the WebSocket). */
  http: string;
}

/** Every Chromium started here in this test file, by PID. */
const started: number[] = [];

/**
 * Starts Chromium with --remote-debugging-port=0 and reads the port it took
 * from what it says on stderr. A test may kill it by its PID; `stopFarm`
 * kills what is left. Its profile is a scratch folder, removed with the test
 * file's others.
 */
export function startFarmChromium(): Promise<FarmChromium> {
  const child = spawn(findChromium()!, farmChromiumArgs(scratchDir('farm-chromium-')), { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  if (child.pid !== undefined) started.push(child.pid);
  return new Promise((resolve, reject) => {
    let said = '';
    let listening = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      // Read on to the end (a full pipe would stop Chromium), kept only until it has said where it listens.
      if (listening) return;
      said += chunk.toString();
      const ws = /DevTools listening on (ws:\/\/\S+)/.exec(said)?.[1];
      if (!ws) return;
      listening = true;
      resolve({ pid: child.pid!, ws, http: `http://${new URL(ws).host}` });
    });
    child.once('exit', (code) => reject(new Error(`Chromium stopped (${code}) before it listened: ${said}`)));
  });
}

/** Kills every Chromium startFarmChromium started that is still running, each by its PID (its process group). */
export function stopFarm(): void {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already stopped (a test killed it)
    }
  }
}
