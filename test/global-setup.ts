// Runs once around the whole test run: every test, and every Chromium a test starts, makes its temporary
// files in a folder of this run's own (TMPDIR, inherited by the test processes), which is removed at the end.
// Its name is short: Chromium's socket in it must have a path of at most 107 bytes.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(join(before ?? '/tmp', 'hl-'));
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
}
