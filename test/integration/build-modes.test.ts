import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/orchestrate/build.ts';
import { startFarmChromium, stopFarm } from '../helpers/farm.ts';
import { copyOfSources } from '../helpers/project.ts';

const UNREACHABLE = 'http://127.0.0.1:9/';
// The Chromium a test starts as a browser service is killed by its PID, with its helpers, and nothing else.
afterAll(stopFarm);

describe('incremental builds', () => {
  it('rebuild only what a change affects, and with nothing to do start no browser', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const first = await build({ sourcesDir: scratch.sources, outDir: scratch.out });
    expect(first.documents.every((d) => d.status === 'built')).toBe(true);

    // Nothing changed: every document is current. The browser URL leads nowhere, so starting one would fail.
    const idle = await build({ sourcesDir: scratch.sources, outDir: scratch.out, browserUrl: UNREACHABLE });
    expect(idle.documents.map((d) => d.status)).toEqual(Array(19).fill('current'));

    // Mats Bergström appears only in the minutes: renaming him rebuilds the minutes and nothing else.
    const register = join(scratch.sources, 'register.yaml');
    scratch.write('register.yaml', readFileSync(register, 'utf8').replace('Mats Bergström', 'Mats Bergqvist'));
    const after = await build({ sourcesDir: scratch.sources, outDir: scratch.out });
    expect(after.documents.filter((d) => d.status === 'built').map((d) => d.output!.split('/').pop())).toEqual([
      'minnesanteckningar-ledningsgruppen-2023-10-27.pdf',
    ]);
    expect(after.documents.filter((d) => d.status === 'current')).toHaveLength(18);

    // A PDF removed from output/ is made again; --force rebuilds everything.
    const forced = await build({ sourcesDir: scratch.sources, outDir: scratch.out, force: true, paths: [join(scratch.sources, 'verksamhetsplan')] });
    expect(forced.documents.map((d) => d.status)).toEqual(['built', 'built']);
  });
});

describe('a shared browser service', () => {
  it('prints through Chromium with remote debugging on 127.0.0.1, to the same bytes as a local build', { timeout: 300_000 }, async () => {
    const url = (await startFarmChromium()).http;
    const remote = copyOfSources();
    const local = copyOfSources();
    const only = (s: typeof remote) => [join(s.sources, 'verksamhetsplan', '2023.yaml'), join(s.sources, 'tjansteskrivelse', 'sup-2040', 'tyreso.yaml')];
    const viaService = await build({ sourcesDir: remote.sources, outDir: remote.out, paths: only(remote), browserUrl: url });
    const alone = await build({ sourcesDir: local.sources, outDir: local.out, paths: only(local) });
    expect(viaService.documents.map((d) => d.status)).toEqual(['built', 'built']);
    expect(alone.documents.map((d) => d.status)).toEqual(['built', 'built']);
    for (const name of ['verksamhetsplan-2023.pdf', 'tjansteskrivelse-sup-2040-tyreso.pdf']) {
      expect(readFileSync(join(remote.out, name)).equals(readFileSync(join(local.out, name))), name).toBe(true);
    }
  });
});
