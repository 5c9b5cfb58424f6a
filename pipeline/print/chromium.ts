import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, type RmOptions, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ConnectionTransport } from 'puppeteer-core';
import { defineRule, messageError } from '../core/message.ts';
import { removeWhole } from '../core/processes.ts';
import { PipeTransport } from './pipe-transport.ts';

const install = {
  sv: 'Installera den med `apt-get install -y chromium`, eller sätt HANDLINGAR_CHROMIUM till dess sökväg.',
  en: 'Install it with `apt-get install -y chromium`, or set HANDLINGAR_CHROMIUM to its path.',
};
const noChromium = defineRule('print/no-chromium', 'error', {
  sv: () => ({ reason: 'Ingen Chromium hittades, och utan den kan inga PDF:er skapas.', fix: install.sv }),
  en: () => ({ reason: 'No Chromium was found, and without it no PDF can be made.', fix: install.en }),
});
/** Chromium could not be run (`detail` says why), or stopped before it listened (`detail` is the last it said, if anything). */
const chromiumFailed = defineRule<{ executable: string; detail: string; stopped?: boolean }>('print/chromium-failed', 'error', {
  sv: ({ executable, detail, stopped }) => ({
    reason: `Chromium (${executable}) ${stopped ? 'stängdes innan den var redo' : 'kunde inte startas'}${detail ? `: ${detail}` : '.'}`,
    fix: install.sv,
  }),
  en: ({ executable, detail, stopped }) => ({
    reason: `Chromium (${executable}) ${stopped ? 'stopped before it was ready' : 'could not be started'}${detail ? `: ${detail}` : '.'}`,
    fix: install.en,
  }),
});

/**
 * How Chromium is started: Puppeteer's own flags for headless printing
 * (tagged PDFs, outlines, nothing in the background), and ours for a machine
 * with no network but the package registries.
 */
const chromiumArgs = [
  // Puppeteer's defaults (puppeteer.defaultArgs({ headless: true }), with the headless flag each executable takes: headlessFlag)
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes,SpareRendererForSitePerProcess',
  '--enable-features=PdfOopif',
  // Ours: no sandbox (root in a container), no GPU, no network, no first tab; fonts laid out as printed.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-component-update',
  '--font-render-hinting=none',
  '--no-startup-window',
  // The DevTools protocol over a pipe, not a port: Chromium ends with this process, and nothing else on the machine can reach it.
  '--remote-debugging-pipe',
];

/**
 * Chromium's headless shell first (Debian's chromium-headless-shell, the
 * binary itself, not the script around it): the same Blink and the same PDFs
 * as the browser, without a browser's window system, so it starts in a third
 * of the time and CPU. Then the browser.
 */
const candidates = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** True for a headless shell (Debian's chromium-headless-shell, Google's chrome-headless-shell), which is headless without being asked. */
export function isHeadlessShell(executable: string): boolean {
  return /headless[-_]shell/.test(basename(executable));
}

/** How a browser is told to run headless: the browser in its new headless mode; a headless shell as it is (Puppeteer's `headless: 'shell'`). */
function headlessFlag(executable: string): string {
  return isHeadlessShell(executable) ? '--headless' : '--headless=new';
}

/** The Chromium to drive: $HANDLINGAR_CHROMIUM, $PUPPETEER_EXECUTABLE_PATH, or a system browser. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.HANDLINGAR_CHROMIUM ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return fromEnv;
  return candidates.find((path) => existsSync(path));
}

/** A Chromium this process started: the pipe to speak to it over, what becomes of it, and how to stop it. */
export interface StartedChromium {
  /** The process id of Chromium (the leader of its process group), once it runs. */
  pid?: number;
  /** The DevTools protocol over Chromium's pipe; none when there is no Chromium to run. */
  transport?: ConnectionTransport;
  /** Rejects, with a message that says what to do, when Chromium cannot be run or stops; never resolves. */
  failed: Promise<never>;
  /** Stops Chromium, helper processes and all, and removes its profile. */
  stop: () => Promise<void>;
}

/** Prefix of the temporary profile folder of every Chromium we start. */
const profilePrefix = 'handlingar-chromium-';

/** The longest temporary folder Chromium's singleton socket fits under: 107 bytes a path, 45 of them its own. */
const MAX_TEMPORARY_BYTES = 60;

/**
 * Starts headless Chromium now: the process is running when this returns,
 * so it boots while the caller goes on reading sources. No Chromium found,
 * or one that cannot run or stops, rejects `failed` with a message that
 * says what to do.
 */
export function startChromium(find: () => string | undefined = findChromium): StartedChromium {
  const executable = find();
  if (!executable) {
    const missing = Promise.reject(messageError(noChromium, {}));
    missing.catch(() => undefined);
    return { failed: missing, stop: async () => undefined };
  }
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  // Its own temporary folder, inside the profile: the shared-memory files it makes there
  // (.org.chromium.Chromium.*, unlinked a moment after) go with the profile when it is killed in that moment.
  // Unless the path of the singleton socket it makes there (…/org.chromium.Chromium.XXXXXX/SingletonSocket) would pass the
  // 107 bytes a socket's path may have (a long TMPDIR): then a short folder of its own in /tmp, removed with the profile.
  const inProfile = join(profile, 'tmp');
  const temporary = Buffer.byteLength(inProfile) <= MAX_TEMPORARY_BYTES ? inProfile : mkdtempSync('/tmp/hc-');
  if (temporary === inProfile) mkdirSync(temporary);
  // Tried again in a moment by `stop`, which waits between tries; at exit, where nothing can wait, by rmSync's own retries.
  const removeFolders = (how: RmOptions = { recursive: true, force: true }) => {
    removeProfile(profile, how);
    if (temporary !== inProfile) rmSync(temporary, how);
  };
  // fd 3 and 4: the pipe Chromium reads commands from and writes answers to.
  const child = spawn(executable, [...chromiumArgs, headlessFlag(executable), `--user-data-dir=${profile}`], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, TMPDIR: temporary },
  });
  // Resolves when the process is gone, or never came to be (an executable that cannot be run).
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  // Its pipes, once it is gone or never came to be: left open, they would keep this process alive.
  void exited.then(() => {
    for (const stream of child.stdio) stream?.destroy();
  });
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  // Chromium must not outlive us, whatever way we end (Ctrl-C included), nor its profile.
  const killAndClean = () => {
    kill();
    try {
      removeFolders(removeWhole);
    } catch {
      /* a temporary folder left for the system to clean */
    }
  };
  process.once('exit', killAndClean);
  let said = '';
  // Read to the end (a full pipe would stop Chromium), keeping only the last lines for a message.
  child.stderr!.on('data', (chunk: Buffer) => {
    said = (said + chunk.toString()).slice(-4000);
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(messageError(chromiumFailed, { executable, detail: error.message })));
    void exited.then(() => reject(messageError(chromiumFailed, { executable, detail: said.trim().split('\n').slice(-3).join(' '), stopped: true })));
  });
  failed.catch(() => undefined);
  const transport = new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const stop = async () => {
    // Killed, not asked to close: nothing it would save on the way out is kept, and closing takes it a tenth of a second.
    kill();
    await exited;
    process.off('exit', killAndClean);
    // Chromium's helper processes may still write their last files into the profile for a moment after it exits.
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        removeFolders();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  return { ...(child.pid !== undefined && { pid: child.pid }), transport, failed, stop };
}

/**
 * Removes a profile, and the folder Chromium made beside it for its singleton
 * socket (org.chromium.Chromium.*, in the temporary folder), which the
 * profile's SingletonSocket link points into: a killed Chromium leaves both.
 */
function removeProfile(profile: string, how: RmOptions): void {
  let socket: string | undefined;
  try {
    socket = readlinkSync(join(profile, 'SingletonSocket'));
  } catch {
    /* no socket yet */
  }
  if (socket && /^org\.chromium\.Chromium\.\w+$/.test(basename(dirname(socket)))) rmSync(dirname(socket), how);
  rmSync(profile, how);
}
