import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEditionsDir } from '../../pipeline/archive/editions.ts';
import { MessageError } from '../../pipeline/core/message.ts';
import { startWatch } from '../../pipeline/orchestrate/preview-server.ts';
import { pageTexts } from '../helpers/pdf.ts';
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
      // The document's page shows it as it prints (its PDF), and links its HTML, which is quicker.
      const paged = await (await fetch(`${base}/dokument/verksamhetsplan/2023`)).text();
      expect(paged).toContain('<iframe title="Verksamhetsplan och budget 2023" src="/pdf/verksamhetsplan/2023"></iframe>');
      expect(paged).toContain('<a href="/html/verksamhetsplan/2023">');
      expect(paged).toContain("frame-src 'self'");
      const page = await (await fetch(`${base}/html/verksamhetsplan/2023`)).text();
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
      expect(await (await fetch(`${base}/html/verksamhetsplan/2023`)).text()).toContain('Om VP2023 (reviderad)');

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
      // Each message links its file and line for an editor, and wraps rather than running off the page.
      expect(errors).toMatch(new RegExp(`<a href="vscode://file${file}:\\d+:\\d+">[^<]*verksamhetsplan/2023\\.yaml:\\d+:\\d+</a>`));
      expect(errors).toContain('white-space: pre-wrap');
      expect(await (await fetch(`${base}/html/verksamhetsplan/2023`)).text()).toContain('Källan har fel');
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
      expect(said.join('\n')).toContain('Utgåvan verksamhetsplan-2023@v3 är slutlig och arkiverad');
      expect(existsSync(join(scratch.out, 'verksamhetsplan-2023.pdf'))).toBe(false);
      expect(existsSync(join(scratch.out, 'verksamhetsplan-2020.pdf'))).toBe(true);
      // The preview shows the change all the same; the archive is read, never written to.
      expect(await (await fetch(`http://127.0.0.1:${server.port}/html/verksamhetsplan/2023`)).text()).toContain('Om VP2023 (ändrad)');
      // Its paged preview says why there is no PDF.
      const refused = await (await fetch(`http://127.0.0.1:${server.port}/pdf/verksamhetsplan/2023`)).text();
      expect(refused).toContain('PDF:en kunde inte göras');
      expect(refused).toContain('[edition/final-changed]');
      expect(readdirSync(join(editionsDir, 'verksamhetsplan-2023')).sort()).toEqual(['v1-utkast-7704974e', 'v2', 'v3']);
    } finally {
      await server.close();
    }
  });

  it("sees every save, also by rename (sed -i, an editor's safe write), says so at once, and prints the messages in the terminal", {
    timeout: 300_000,
  }, async () => {
    const scratch = copyOfSources();
    const said: string[] = [];
    const server = await startWatch({ sourcesDir: scratch.sources, outDir: scratch.out, port: 0, log: (line) => said.push(line) });
    try {
      // The first thing said comes before the server, the watcher or the browser is up.
      expect(said[0]).toMatch(/^Bevakar .*sources\/ och mallarna …$/);
      const file = join(scratch.sources, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml');
      const seen = () => said.filter((line) => line === `ändrad: ${relative(process.cwd(), file)}`).length;
      // Three saves by rename in a row: each is seen, the file watched on after the first replaced it.
      let previous = 'lokal Valhall';
      for (const place of ['lokal Asgård', 'lokal Midgård', 'lokal Utgård']) {
        const before = seen();
        execFileSync('sed', ['-i', `s/${previous}/${place}/`, file]);
        previous = place;
        await waitFor(() => seen() > before, `the save of ${place}`);
        await waitFor(
          async () => (await (await fetch(`http://127.0.0.1:${server.port}/html/minnesanteckningar/2023-10-27-ledningsgruppen`)).text()).includes(place),
          place,
        );
      }
      // A mistake saved is said in the terminal with its words, place and rule, not only counted.
      const before = said.length;
      execFileSync('sed', ['-i', 's/^tid: { start: "08:30", slut: "11:00" }/tid: { start: "11:00", slut: "08:30" }/', file]);
      await waitFor(() => said.slice(before).some((line) => line.includes('[time/end-before-start]')), 'the message in the terminal');
      const report = said.slice(before).join('\n');
      expect(report).toContain(`✗ ${relative(process.cwd(), file)} (1 fel`);
      expect(report).toContain(`${relative(process.cwd(), file)}:11:30  fel  Mötet slutar 08:30, inte efter att det börjar 11:00.  [time/end-before-start]`);
      expect(report).toContain('Åtgärd: Rätta start eller slut');
    } finally {
      await server.close();
    }
  });

  it('shows the root cause on a letter\'s page: its ärende\'s syntax error, not "no such ärende"', async () => {
    const scratch = copyOfSources();
    const arende = 'tjansteskrivelse/sup-2040/arende.yaml';
    scratch.write(arende, readFileSync(join(scratch.sources, arende), 'utf8').replace('forslag: Förslag', 'forslag: "Förslag'));
    const server = await startWatch({ sourcesDir: scratch.sources, outDir: scratch.out, port: 0 });
    try {
      const page = await (await fetch(`http://127.0.0.1:${server.port}/dokument/tjansteskrivelse/sup-2040/salem`)).text();
      expect(page).toContain('Källan har fel');
      expect(page).toContain('Citattecknet som börjar här avslutas aldrig.');
      expect(page).toMatch(/sup-2040\/arende\.yaml:15:10<\/a>/);
      expect(page).not.toContain('Det finns inget ärende');
    } finally {
      await server.close();
    }
  });

  it('shows a draft paged as it prints: its PDF with page numbers and UTKAST', { timeout: 300_000 }, async () => {
    const scratch = copyOfSources();
    const server = await startWatch({ sourcesDir: scratch.sources, outDir: scratch.out, port: 0 });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/pdf/tjansteskrivelse/sup-2040/salem`);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const pdf = join(scratch.dir, 'salem.pdf');
      writeFileSync(pdf, Buffer.from(await response.arrayBuffer()));
      const pages = await pageTexts(pdf);
      expect(pages.length).toBeGreaterThan(1);
      expect(pages[0]).toContain(`Sida 1 (${pages.length})`);
      expect(pages.every((text) => text.includes('UTKAST'))).toBe(true);
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
