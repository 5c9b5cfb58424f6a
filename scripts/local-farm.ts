/**
 * A browser farm on this machine, for trying and measuring `--browser-url`
 * with several browsers (docs/scaling.md):
 *
 *   npx tsx scripts/local-farm.ts 3 [--batch /tmp/farm-batch 8]
 *
 * starts 3 Chromiums with --remote-debugging-port=0 (each a process group of
 * its own, with a scratch profile), prints each one's address on a line, and
 * keeps them until it is stopped (Ctrl-C, or a TERM to its PID), when it kills
 * them by their PIDs and removes their profiles. With --batch it also writes
 * sources of a batch there: the real sources and `copies` copies of the
 * sup-2040 ärende with its eight letters (8 × copies + 16 letters).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSourcesDir } from '../pipeline/core/paths.ts';
import { findChromium } from '../pipeline/print/chromium.ts';
import { farmChromiumArgs } from '../test/helpers/farm.ts';

interface Started {
  pid: number;
  profile: string;
  http: string;
}

function start(): Promise<Started> {
  const profile = mkdtempSync(join(tmpdir(), 'local-farm-'));
  const child = spawn(findChromium()!, farmChromiumArgs(profile), { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  return new Promise((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (said === '\0') return;
      said += chunk.toString();
      const ws = /DevTools listening on (ws:\/\/\S+)/.exec(said)?.[1];
      if (!ws) return;
      said = '\0';
      resolve({ pid: child.pid!, profile, http: `http://${new URL(ws).host}` });
    });
    child.once('exit', (code) => reject(new Error(`Chromium stopped (${code}): ${said}`)));
  });
}

/** The real sources and `copies` copies of the sup-2040 ärende with its letters, numbered apart. */
function writeBatch(dir: string, copies: number): void {
  const sources = join(dir, 'sources');
  rmSync(dir, { recursive: true, force: true });
  cpSync(defaultSourcesDir, sources, { recursive: true });
  const original = join(sources, 'tjansteskrivelse', 'sup-2040');
  const arende = readFileSync(join(original, 'arende.yaml'), 'utf8');
  const letters = readdirSync(original).filter((f) => f !== 'arende.yaml');
  for (let n = 0; n < copies; n++) {
    const copy = join(sources, 'tjansteskrivelse', `serie-${n}`);
    mkdirSync(copy, { recursive: true });
    writeFileSync(join(copy, 'arende.yaml'), arende.replace('id: sup-2040', `id: serie-${n}`));
    for (const [k, f] of letters.entries()) {
      const letter = readFileSync(join(original, f), 'utf8');
      writeFileSync(join(copy, f), letter.replace('arende: sup-2040', `arende: serie-${n}`).replace('2023/KS 0063 005', `2023/KS ${1000 + n} 00${k}`));
    }
  }
}

const [count = '2', flag, dir, copies = '8'] = process.argv.slice(2);
if (flag === '--batch' && dir) writeBatch(dir, Number(copies));
const farm = await Promise.all(Array.from({ length: Number(count) }, start));
for (const { http } of farm) console.log(http);
const stop = () => {
  for (const { pid, profile } of farm) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(profile, { recursive: true, force: true });
  }
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
