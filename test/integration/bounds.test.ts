import { spawn } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEditionsDir } from '../../pipeline/archive/editions.ts';
import { MessageError } from '../../pipeline/core/message.ts';
import { projectRoot } from '../../pipeline/core/paths.ts';
import { processesNaming } from '../../pipeline/core/processes.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { maxJobs } from '../../pipeline/orchestrate/print-documents.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import { startChromium } from '../../pipeline/print/chromium.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** The message a promise rejected with. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MessageError);
  return `[${(error as MessageError).report.ruleId}] ${(error as MessageError).report.text.sv.reason}`;
}

/** True while a process runs. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes of a process group (read from /proc; nothing is signalled), with their command lines. */
function group(leader: number): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === leader ? [readFileSync(`/proc/${pid}/cmdline`, 'utf8')] : [];
      } catch {
        return [];
      }
    });
}

describe('every wait has a bound', () => {
  it('a Chromium that starts and never answers is stopped, with a message, when the time is up', async () => {
    const silent = join(scratchDir(), 'chromium');
    writeFileSync(silent, '#!/bin/sh\nexec sleep 600\n');
    chmodSync(silent, 0o755);
    const started = startChromium(() => silent);
    expect(await refusal(BrowserSession.open(undefined, started, 1500))).toBe(
      '[print/chromium-silent] Chromium startade men svarade inte inom 1.5 sekunder, och stoppades.',
    );
    expect(running(started.pid!)).toBe(false);
  });

  it('a browser service that takes the connection and never answers fails the build after the time given, not after five minutes', async () => {
    const held: Socket[] = [];
    const service = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(service.address() as { port: number }).port}`;
      expect(await refusal(BrowserSession.open(url, undefined, 1500))).toBe(
        `[print/browser-unreachable] Webbläsartjänsten på ${url} svarade inte inom 1.5 sekunder.`,
      );
    } finally {
      for (const socket of held) socket.destroy();
      service.close();
    }
  });

  it('the command itself ends once it has said so: nothing left of the connection keeps it alive (found in review: 307 s)', {
    timeout: 120_000,
  }, async () => {
    const held: Socket[] = [];
    const service = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    try {
      const scratch = copyOfSources();
      const url = `http://127.0.0.1:${(service.address() as { port: number }).port}`;
      const args = ['build', '--sources', scratch.sources, '--out', scratch.out, '--browser-url', url, '--timeout', '1', '--force'];
      const child = spawn(process.execPath, [join(projectRoot, 'bin', 'handlingar.js'), ...args], { cwd: projectRoot });
      let said = '';
      child.stdout.on('data', (chunk) => {
        said += String(chunk);
      });
      child.stderr.on('data', (chunk) => {
        said += String(chunk);
      });
      // Waits for the exit: a process kept alive by the abandoned connection would outlast the test's time.
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).not.toBe(0);
      expect(said).toContain('[print/browser-unreachable]');
    } finally {
      for (const socket of held) socket.destroy();
      service.close();
    }
  });

  it('--jobs asks for no more pages than there are documents, nor than the machine can print at once (bugs: --jobs 100 opened 99 renderers for one document; then every build opened --jobs)', {
    timeout: 300_000,
  }, async () => {
    const scratch = copyOfSources();
    const session = await BrowserSession.open();
    try {
      const report = await build({
        sourcesDir: scratch.sources,
        outDir: scratch.out,
        jobs: 100,
        paths: [join(scratch.sources, 'minnesanteckningar')],
        session: async () => session,
      });
      expect(report.documents.map((d) => d.status)).toEqual(['built']);
      // One document prints on one page.
      expect(group(session.pid!).filter((command) => command.includes('--type=renderer'))).toHaveLength(1);
      const many = await build({ sourcesDir: scratch.sources, outDir: scratch.out, jobs: 100, force: true, session: async () => session });
      const renderers = group(session.pid!).filter((command) => command.includes('--type=renderer'));
      expect(renderers.length).toBeLessThanOrEqual(Math.min(many.documents.length, maxJobs()) + 1);
    } finally {
      await session.close();
    }
  });
});

describe('a command ended by a signal', () => {
  /** Starts `handlingar build` in a TMPDIR of its own, waits until it has built a document, and sends it `signal`. */
  async function buildAndSignal(signal: NodeJS.Signals) {
    const scratch = copyOfSources();
    const temporary = scratchDir('sig-');
    const child = spawn(
      process.execPath,
      [join(projectRoot, 'bin', 'handlingar.js'), 'build', '--sources', scratch.sources, '--out', scratch.out, '--no-archive'],
      {
        cwd: projectRoot,
        env: { ...process.env, TMPDIR: temporary },
      },
    );
    let output = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk) => {
        output += String(chunk);
        if (output.includes('✓')) resolve();
      }),
    );
    const chromium = readdirSync(temporary).filter((name) => name.startsWith('handlingar-chromium-'));
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? -1 : null))));
    return { code, temporary, out: scratch.out, chromium };
  }

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)(
    '%s leaves no Chromium, profile, lock or temporary file (a bug: SIGTERM and SIGHUP left Chromium running)',
    { timeout: 300_000 },
    async (signal, expected) => {
      const { code, temporary, out, chromium } = await buildAndSignal(signal);
      expect(chromium.length).toBe(1);
      expect(code).toBe(expected);
      expect(readdirSync(temporary)).toEqual([]);
      expect(readdirSync(out).filter((f) => !/\.(pdf|ics|docx)$/.test(f) && !/^index\.(html|json)$/.test(f) && f !== '.handlingar-cache.json')).toEqual([]);
    },
  );

  /** Starts the command line with `args` in a TMPDIR of its own, waits until `ready` says so, sends `signal`, and says how it ended. */
  async function runAndSignal(args: string[], ready: (temporary: string) => boolean, signal: NodeJS.Signals) {
    const temporary = scratchDir('sig-');
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'handlingar.js'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, TMPDIR: temporary },
    });
    child.stdout.resume();
    // Up to ten minutes: a rebuild on a fresh checkout installs the old tool's packages first.
    for (let wait = 0; wait < 6000 && !ready(temporary); wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ready(temporary)).toBe(true);
    const during = readdirSync(temporary);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    child.kill(signal);
    const code = await exited;
    return { code, during, after: readdirSync(temporary) };
  }
  const has = (prefix: string) => (dir: string) => readdirSync(dir).some((name) => name.startsWith(prefix));

  it('SIGTERM to watch leaves no Chromium or profile (a bug: it left 10 processes and 1.1 GB)', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const args = ['watch', '--sources', scratch.sources, '--out', scratch.out, '--port', String(port)];
    const { code, during, after } = await runAndSignal(args, has('handlingar-chromium-'), 'SIGTERM');
    expect(during.filter((name) => name.startsWith('handlingar-chromium-'))).toHaveLength(1);
    expect(code).toBe(143);
    expect(after).toEqual([]);
  });

  it('SIGINT to rebuild leaves no scratch folder, Chromium or profile (a bug: /tmp/handlingar-rebuild-* was left)', { timeout: 900_000 }, async () => {
    const editions = scratchDir('sig-editions-');
    cpSync(defaultEditionsDir, editions, { recursive: true });
    const args = ['rebuild', 'verksamhetsplan-2023@v2', '--editions', editions];
    // The edition is rebuilt by the tool that made it (an earlier commit's, run as a process of its own with its temporary
    // files in a short folder of its own, hr-…): ready once that tool has put something there (its browser's profile).
    const ready = (dir: string) => {
      const tool = readdirSync(dir).find((name) => name.startsWith('hr-'));
      try {
        return tool !== undefined && readdirSync(join(dir, tool)).length > 0;
      } catch {
        return false;
      }
    };
    const { code, during, after } = await runAndSignal(args, ready, 'SIGINT');
    expect(during.filter((name) => name.startsWith('handlingar-rebuild-'))).toHaveLength(1);
    expect(during.filter((name) => name.startsWith('hr-'))).toHaveLength(1);
    expect(code).toBe(130);
    expect(after).toEqual([]);
  });

  it('SIGKILL, which the command cannot answer, still takes Chromium with it: its end of the pipe closes', { timeout: 300_000 }, async () => {
    const { code, temporary } = await buildAndSignal('SIGKILL');
    expect(code).toBe(-1);
    const named = () => processesNaming(temporary);
    for (let wait = 0; wait < 600 && named().length > 0; wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(named()).toEqual([]);
  });
});
