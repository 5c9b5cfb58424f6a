import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEditionsDir } from '../../pipeline/archive/editions.ts';
import { MessageError } from '../../pipeline/core/message.ts';
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

      // The index shows what output/index.html shows, with each document's live preview: titles, status, fields left, messages, files.
      await waitFor(() => existsSync(join(scratch.out, 'index.json')), 'the index of the background build');
      const index = await (await fetch(`${base}/`)).text();
      expect(index).toContain('<a href="verksamhetsplan-2023.pdf">Verksamhetsplan och budget 2023</a>');
      expect(index).toContain('<a href="/dokument/verksamhetsplan/2023">förhandsvisning</a>');
      expect(index).toContain('Södertörns utvecklingsprogram 2040 – tjänsteskrivelse, Salems kommun');
      expect(index).toContain('<td class="slutlig">Justerad</td>');
      expect(index).toContain('<summary>1 varning</summary>');
      expect(index).toContain("new EventSource('/events')");
      expect(index).not.toContain('data:font');
      const pdf = await fetch(`${base}/verksamhetsplan-2023.pdf`);
      expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      // Only the files the index links are served from the output folder.
      for (const other of ['index.json', '.handlingar-cache.json', '..%2Fsources%2Fregister.yaml']) expect((await fetch(`${base}/${other}`)).status).toBe(404);

      scratch.write('verksamhetsplan/2023.yaml', readFileSync(file, 'utf8').replace('datum: 2023-03-16', 'datum: 16 mars'));
      await waitFor(async () => (await (await fetch(`${base}/dokument/verksamhetsplan/2023`)).text()).includes('Källan har fel'), 'the error page');
      const errors = await (await fetch(`${base}/dokument/verksamhetsplan/2023`)).text();
      expect(errors).toContain('&quot;16 mars&quot; är inget giltigt datum');
    } finally {
      await server.close();
    }
  });

  it("never builds over a final edition's PDF: a changed final source is previewed, and its PDF refused with the archive's message", {
    timeout: 300_000,
  }, async () => {
    const scratch = copyOfSources();
    // Only the plans, with the real archive beside them.
    for (const folder of ['tjansteskrivelse', 'minnesanteckningar']) rmSync(join(scratch.sources, folder), { recursive: true });
    const editionsDir = join(scratch.dir, 'editions');
    cpSync(defaultEditionsDir, editionsDir, { recursive: true });
    const said: string[] = [];
    const server = await startWatch({ sourcesDir: scratch.sources, outDir: scratch.out, port: 0, editionsDir, log: (line) => said.push(line) });
    try {
      const file = join(scratch.sources, 'verksamhetsplan', '2023.yaml');
      scratch.write('verksamhetsplan/2023.yaml', readFileSync(file, 'utf8').replace('rubrik: Om VP2023', 'rubrik: Om VP2023 (ändrad)'));
      await waitFor(() => said.some((line) => line.includes('[edition/final-changed]')), 'the refusal');
      expect(said.join('\n')).toContain('Utgåvan verksamhetsplan-2023@v2 är slutlig och arkiverad');
      expect(existsSync(join(scratch.out, 'verksamhetsplan-2023.pdf'))).toBe(false);
      expect(existsSync(join(scratch.out, 'verksamhetsplan-2020.pdf'))).toBe(true);
      // The preview shows the change all the same; the archive is read, never written to.
      expect(await (await fetch(`http://127.0.0.1:${server.port}/dokument/verksamhetsplan/2023`)).text()).toContain('Om VP2023 (ändrad)');
      expect(readdirSync(join(editionsDir, 'verksamhetsplan-2023')).sort()).toEqual(['v1-utkast-7704974e', 'v2']);
    } finally {
      await server.close();
    }
  });

  it('guards its pages: a new script nonce for every response, only local Host names, a missing asset a 404, a port in use said so', async () => {
    const scratch = copyOfSources();
    const server = await startWatch({ sourcesDir: scratch.sources, outDir: scratch.out, port: 0 });
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const nonces = await Promise.all(
        [1, 2].map(async () => {
          const page = await (await fetch(`${base}/dokument/minnesanteckningar/2023-10-27-ledningsgruppen`)).text();
          const [policy] = [...page.matchAll(/script-src 'nonce-([^']+)'/g)].map((m) => m[1]);
          const scripts = [...page.matchAll(/<script nonce="([^"]+)"/g)].map((m) => m[1]);
          expect(scripts).toEqual([policy]);
          expect(page.match(/Content-Security-Policy/g)).toHaveLength(1);
          return policy!;
        }),
      );
      expect(nonces[0]).not.toBe(nonces[1]);
      expect(nonces[0]!.length).toBeGreaterThanOrEqual(20);

      // A page on another site that resolves its own name to 127.0.0.1 asks with its own Host.
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          request({ host: '127.0.0.1', port: server.port, path: '/', headers: { host } }, (response) => {
            response.resume();
            resolve(response.statusCode!);
          })
            .on('error', reject)
            .end();
        });
      expect(await status('evil.example')).toBe(403);
      expect(await status(`evil.example:${server.port}`)).toBe(403);
      expect(await status(`localhost:${server.port}`)).toBe(200);

      expect((await fetch(`${base}/assets/templates/finns-inte.css`)).status).toBe(404);
      expect((await fetch(`${base}/dokument/%E0%A4%A`)).status).toBe(400);
      expect((await fetch(`${base}/`)).status).toBe(200);

      const error = await startWatch({ sourcesDir: scratch.sources, outDir: scratch.out, port: server.port }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MessageError);
      expect((error as MessageError).report.text.sv.reason).toBe(
        `Porten ${server.port} används redan av ett annat program (kanske en annan handlingar watch).`,
      );
    } finally {
      await server.close();
    }
  });
});
