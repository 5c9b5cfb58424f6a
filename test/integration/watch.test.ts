import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWatch } from '../../pipeline/orchestrate/preview-server.ts';
import { copyOfSources } from '../helpers/project.ts';

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('handlingar watch', () => {
  it("previews documents live, reloads on save, shows a broken source's messages, and rebuilds the PDF in the background", async () => {
    const scratch = copyOfSources();
    const server = await startWatch({ sourcesDir: scratch.sources, outDir: scratch.out, port: 0 });
    const base = `http://127.0.0.1:${server.port}`;
    try {
      expect(await (await fetch(`${base}/`)).text()).toContain('href="/dokument/verksamhetsplan/2023"');
      const page = await (await fetch(`${base}/dokument/verksamhetsplan/2023`)).text();
      expect(page).toContain('<h1>Verksamhetsplan och budget 2023</h1>');
      expect(page).toContain("new EventSource('/events')");
      expect(page).toContain('url(/assets/fonts/source-sans-3-latin-400-normal.woff2)');
      expect((await fetch(`${base}/assets/fonts/source-sans-3-latin-400-normal.woff2`)).status).toBe(200);
      expect((await fetch(`${base}/assets/fonts/../../../package.json`)).status).toBe(404);

      // Listen for the reload signal, then save a change.
      const events = await fetch(`${base}/events`);
      const reader = events.body!.getReader();
      let received = '';
      const reloaded = (async () => {
        while (!received.includes('data: reload')) received += new TextDecoder().decode((await reader.read()).value);
      })();
      const file = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
      scratch.write('verksamhetsplan/2023.yaml', readFileSync(file, 'utf8').replace('rubrik: Om VP2023', 'rubrik: Om VP2023 (reviderad)'));
      await reloaded;
      await reader.cancel();
      expect(await (await fetch(`${base}/dokument/verksamhetsplan/2023`)).text()).toContain('Om VP2023 (reviderad)');

      // The PDF is rebuilt in the background.
      await waitFor(() => existsSync(join(scratch.out, 'verksamhetsplan-2023.pdf')), 'the background build');

      scratch.write('verksamhetsplan/2023.yaml', readFileSync(file, 'utf8').replace('datum: 2023-03-16', 'datum: 16 mars'));
      await waitFor(async () => (await (await fetch(`${base}/dokument/verksamhetsplan/2023`)).text()).includes('Källan har fel'), 'the error page');
      const errors = await (await fetch(`${base}/dokument/verksamhetsplan/2023`)).text();
      expect(errors).toContain('&quot;16 mars&quot; är inget giltigt datum');
    } finally {
      await server.close();
    }
  });
});
