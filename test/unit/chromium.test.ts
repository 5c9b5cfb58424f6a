import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium, isHeadlessShell } from '../../pipeline/print/chromium.ts';

describe('the Chromium a build prints with', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env.HANDLINGAR_CHROMIUM = saved.HANDLINGAR_CHROMIUM;
    if (saved.HANDLINGAR_CHROMIUM === undefined) delete process.env.HANDLINGAR_CHROMIUM;
  });

  it('is a headless shell, Debian’s or Google’s, by its file name; the browser is not', () => {
    expect(isHeadlessShell('/usr/lib/chromium/chromium-headless-shell')).toBe(true);
    expect(isHeadlessShell('/opt/chrome-headless-shell/linux-131/chrome-headless-shell-linux64/chrome-headless-shell')).toBe(true);
    expect(isHeadlessShell('/usr/bin/chromium')).toBe(false);
    expect(isHeadlessShell('/home/headless-shell/bin/chromium')).toBe(false);
  });

  it('is the headless shell when it is installed, else the browser, unless HANDLINGAR_CHROMIUM names one', () => {
    delete process.env.HANDLINGAR_CHROMIUM;
    const shell = '/usr/lib/chromium/chromium-headless-shell';
    if (!process.env.PUPPETEER_EXECUTABLE_PATH) {
      if (existsSync(shell)) expect(findChromium()).toBe(shell);
      else expect(isHeadlessShell(findChromium() ?? '')).toBe(false);
    }
    process.env.HANDLINGAR_CHROMIUM = '/usr/bin/chromium';
    expect(findChromium()).toBe('/usr/bin/chromium');
  });
});
