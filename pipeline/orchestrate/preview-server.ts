import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { join, relative } from 'node:path';
import { watch } from 'chokidar';
import { defineRule, formatMessage, type Language, MessageError, messageError, sortMessages } from '../core/message.ts';
import { projectRoot } from '../core/paths.ts';
import { BrowserSession } from '../print/browser.ts';
import { assetFile } from '../print/print-page.ts';
import { escapeHtml } from '../render/inline.ts';
import { renderHtml } from '../render/render-html.ts';
import { build } from './build.ts';
import { type IndexEntry, type IndexManifest, indexEntry, indexView, manifestOf, readIndex } from './document-index.ts';
import { type PlannedDocument, planProject } from './plan.ts';
import { defaultJobs } from './print-documents.ts';
import { describeDocument } from './report.ts';

export interface WatchOptions {
  sourcesDir: string;
  outDir: string;
  port: number;
  /** Called with a line for the terminal: what was rebuilt, what failed. */
  log?: (line: string) => void;
  /** The language of those lines and of the messages a broken source's page shows (default Swedish). */
  language?: Language;
  /** The archive of editions, read (never written) so that no final edition's PDF is built over. */
  editionsDir?: string;
}

const portInUse = defineRule<{ port: number }>('watch/port-in-use', 'error', {
  sv: ({ port }) => ({
    reason: `Porten ${port} används redan av ett annat program (kanske en annan handlingar watch).`,
    fix: 'Stäng det andra programmet, eller välj en annan port med --port.',
  }),
  en: ({ port }) => ({
    reason: `The port ${port} is already used by another program (perhaps another handlingar watch).`,
    fix: 'Stop the other program, or choose another port with --port.',
  }),
});

/**
 * What a preview page may run: only the reload script, by a nonce new for
 * every response, so that nothing in a page can guess it; and the policy
 * that says so, in place of the documents' own.
 */
function pageGuard(): { csp: string; reload: string } {
  const nonce = randomBytes(16).toString('base64');
  return {
    csp: `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self'; connect-src 'self'; script-src 'nonce-${nonce}'">`,
    reload: `<script nonce="${nonce}">new EventSource('/events').onmessage = () => location.reload();</script>`,
  };
}

/** The names a browser on this machine reaches the server by; any other Host is a page elsewhere trying to (DNS rebinding). */
function hostAllowed(host: string | undefined, port: number): boolean {
  return [`127.0.0.1:${port}`, `localhost:${port}`].includes((host ?? '').toLowerCase());
}

/**
 * `handlingar watch`: serves a live HTML preview of every document on
 * localhost, rebuilt from the sources on each request; a page reloads itself
 * when a source, template or style is saved; a broken source shows its
 * messages instead of the document. The PDFs are rebuilt in the background
 * (incrementally: only what a change affects).
 */
export async function startWatch(options: WatchOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const language = options.language ?? 'sv';
  const clients = new Set<ServerResponse>();
  let port = options.port;
  const server = createServer((request, response) => {
    if (!hostAllowed(request.headers.host, port)) return void response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Fel värd.');
    void serve(request.url ?? '/', response, options, clients).catch((error: Error) => {
      // A page half sent is ended as it is; the server goes on serving.
      if (response.headersSent) response.end();
      else response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(error.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? messageError(portInUse, { port: options.port }) : error));
    server.listen(options.port, '127.0.0.1', resolve);
  });
  port = (server.address() as { port: number }).port;

  let building = Promise.resolve();
  // One browser for every rebuild, started with the server: a save is not followed by Chromium starting.
  let browser: Promise<BrowserSession> | undefined;
  const session = async () => {
    const open = await browser?.catch(() => undefined);
    if (open?.alive()) return open;
    browser = BrowserSession.open();
    return browser;
  };
  session().then(
    (s) => s.warm(defaultJobs()),
    () => undefined,
  );
  let pending: ReturnType<typeof setTimeout> | undefined;
  const changed = (file: string) => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      for (const client of clients) client.write('data: reload\n\n');
      building = building
        .then(async () => {
          // Not archived, but the archive is read: a final edition's PDF is never replaced by other content.
          const report = await build({
            sourcesDir: options.sourcesDir,
            outDir: options.outDir,
            session,
            ...(options.editionsDir && { editionsDir: options.editionsDir }),
            archive: false,
          });
          for (const d of report.documents.filter((x) => x.status !== 'current')) {
            const errors = d.messages.filter((m) => m.severity === 'error');
            if (d.status === 'built') options.log?.(`✓ ${d.output}`);
            else options.log?.([`✗ ${d.source}:`, ...errors.map((m) => `    ${formatMessage(m, language).replaceAll('\n', '\n    ')}`)].join('\n'));
          }
        })
        .catch((error: Error) => options.log?.(`✗ ${error instanceof MessageError ? formatMessage(error.report, language) : error.message}`));
      options.log?.(`${language === 'sv' ? 'ändrad' : 'changed'}: ${relative(process.cwd(), file)}`);
    }, 150);
  };
  // chokidar: editors that save by writing a new file and renaming it over the old, folders made after the start, and Node's
  // differences between systems in recursive watching are its concern.
  const watcher = watch([options.sourcesDir, join(projectRoot, 'templates')], { ignoreInitial: true });
  watcher.on('all', (_event, path) => changed(path));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    port,
    close: async () => {
      clearTimeout(pending);
      await watcher.close();
      for (const client of clients) client.end();
      await building;
      await browser?.then(
        (b) => b.close(),
        () => undefined,
      );
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The index of the preview: every document as the sources say now (title,
 * status, version, fields left, messages), with the files the last build
 * wrote for it and what it said of printing and the archive, from the
 * output folder's index.json.
 */
function liveIndex(documents: readonly PlannedDocument[], options: WatchOptions): IndexManifest {
  const last = new Map((readIndex(options.outDir)?.documents ?? []).map((e) => [e.source, e]));
  return manifestOf(
    documents.map((planned) => {
      const entry = indexEntry(describeDocument(planned), options.sourcesDir, options.outDir);
      const built = last.get(entry.source);
      if (!built) return entry;
      const ofBuild = built.messages.filter((m) => m.ruleId.startsWith('print/') || m.ruleId.startsWith('edition/'));
      return { ...entry, edition: built.edition, files: built.files, messages: [...entry.messages, ...ofBuild] };
    }),
  );
}

const fileTypes: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ics: 'text/calendar; charset=utf-8',
};

/** A file the last build wrote, as the index links it (relative to the index); nothing else in the output folder is served. */
function outputFile(url: string, outDir: string): { file: string; type: string } | undefined {
  const href = url.split('?')[0]!.slice(1);
  const listed = readIndex(outDir)?.documents.some((d) => d.files.some((f) => f.href === href));
  const type = fileTypes[href.split('.').pop()!.toLowerCase()];
  return listed && type ? { file: join(outDir, ...href.split('/').map(decodeURIComponent)), type } : undefined;
}

async function serve(url: string, response: ServerResponse, options: WatchOptions, clients: Set<ServerResponse>): Promise<void> {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0]!);
  } catch {
    return void response.writeHead(400).end();
  }
  if (path === '/events') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    response.write(': ansluten\n\n');
    clients.add(response);
    response.on('close', () => clients.delete(response));
    return;
  }
  if (path.startsWith('/assets/')) {
    const file = assetFile(`https://handlingar.invalid${path}`);
    // Read before the status is sent: an asset that is not there is a 404, not a broken 200.
    const body = file ? await readFile(file).catch(() => undefined) : undefined;
    if (!file || !body) return void response.writeHead(404).end();
    return void response.writeHead(200, { 'content-type': file.endsWith('.woff2') ? 'font/woff2' : 'text/css' }).end(body);
  }
  const built = outputFile(url, options.outDir);
  if (built) {
    const body = await readFile(built.file).catch(() => undefined);
    if (!body) return void response.writeHead(404).end();
    return void response.writeHead(200, { 'content-type': built.type }).end(body);
  }
  const plan = await planProject(options.sourcesDir);
  const documents = [...plan.documents()];
  const nameOf = (file: string) => relative(options.sourcesDir, file).replace(/\.ya?ml$/, '');
  const html = (body: string) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  const { csp, reload } = pageGuard();
  // A rendered page with the preview's policy in place of its own, and the reload script.
  const guarded = (page: string) => page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, () => csp).replace('</body>', () => `${reload}</body>`);
  if (path === '/' || path === '') {
    const preview = (entry: IndexEntry) =>
      `/dokument/${entry.source
        .replace(/\.ya?ml$/, '')
        .split('/')
        .map(encodeURIComponent)
        .join('/')}`;
    return void html(guarded(renderHtml('forteckning', indexView(liveIndex(documents, options), preview), new Map(), '')));
  }
  const wanted = path.startsWith('/dokument/') ? path.slice('/dokument/'.length) : undefined;
  const planned = documents.find(({ job }) => nameOf(job.source.absolutePath) === wanted);
  if (!planned) return void response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Inget sådant dokument.');
  const source = planned.job.source.path;
  if (!planned.prepared) {
    const list = sortMessages(planned.messages)
      .map((m) => `<li><pre>${escapeHtml(formatMessage(m, options.language))}</pre></li>`)
      .join('');
    return void html(
      `<!DOCTYPE html><html lang="sv-SE"><head><meta charset="utf-8"><title>Fel i ${escapeHtml(source)}</title>${csp}</head><body><h1>Källan har fel</h1><p>${escapeHtml(source)} kan inte visas förrän felen är rättade:</p><ul class="fel">${list}</ul>${reload}</body></html>`,
    );
  }
  html(guarded(renderHtml(planned.job.kind, planned.prepared.view, new Map(), '')));
}
