import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSourcesDir } from '../../pipeline/core/paths.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import { copyOfSources } from '../helpers/project.ts';

describe('reproducible builds', () => {
  it('give byte-identical PDFs for the same sources, with a file identifier taken from the content', { timeout: 300_000 }, async () => {
    const paths = [join(defaultSourcesDir, 'verksamhetsplan', '2023.yaml'), join(defaultSourcesDir, 'tjansteskrivelse', 'sup-2040', 'tyreso.yaml')];
    const first = copyOfSources();
    const second = copyOfSources();
    await build({ sourcesDir: defaultSourcesDir, outDir: first.out, paths });
    await build({ sourcesDir: defaultSourcesDir, outDir: second.out, paths });
    for (const name of ['verksamhetsplan-2023.pdf', 'tjansteskrivelse-sup-2040-tyreso.pdf']) {
      const a = readFileSync(join(first.out, name));
      const b = readFileSync(join(second.out, name));
      expect(a.equals(b), name).toBe(true);
      expect(a.toString('latin1')).toMatch(/\/ID \[ <[0-9a-f]{32}> <[0-9a-f]{32}> \]/);
      expect(a.toString('latin1')).toContain('/CreationDate (D:2023');
    }
  });
});

describe('a page that printed other documents', () => {
  it("prints the next one byte for byte as a fresh page does (each print replaces the page's document)", async () => {
    const plan = join(defaultSourcesDir, 'verksamhetsplan', '2023.yaml');
    const fresh = copyOfSources();
    await build({ sourcesDir: defaultSourcesDir, outDir: fresh.out, paths: [plan], jobs: 1 });
    const used = copyOfSources();
    const session = await BrowserSession.open();
    try {
      const options = { sourcesDir: defaultSourcesDir, jobs: 1, session: async () => session };
      // The one page prints the minutes and a letter, then is given the plan.
      await build({
        ...options,
        outDir: used.out,
        paths: [join(defaultSourcesDir, 'minnesanteckningar'), join(defaultSourcesDir, 'tjansteskrivelse', 'sup-2040', 'tyreso.yaml')],
      });
      await build({ ...options, outDir: used.out, paths: [plan] });
    } finally {
      await session.close();
    }
    const name = 'verksamhetsplan-2023.pdf';
    expect(readFileSync(join(used.out, name)).equals(readFileSync(join(fresh.out, name)))).toBe(true);
  });
});
