import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { watch } from 'chokidar';
import { defineRule, formatMessage, type Language, type Message, MessageError, messageError, placeOf, sortMessages } from '../core/message.ts';
import { projectRoot } from '../core/paths.ts';
import { BrowserSession } from '../print/browser.ts';
import { assetFile } from '../print/print-page.ts';
import { escapeHtml } from '../render/inline.ts';
import { renderHtml } from '../render/render-html.ts';
import { type BuildReport, build } from './build.ts';
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
  /** Say first what is watched (default true); the command line says it itself, before it loads this module. */
  announce?: boolean;
}

/** The first thing watch says, before anything that takes time, so that a start never looks like a hang. */
export function watchingLine(sourcesDir: string, language: Language): string {
  const watched = relative(process.cwd(), sourcesDir) || '.';
  return language === 'sv' ? `Bevakar ${watched}/ och mallarna …` : `Watching ${watched}/ and the templates …`;
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
    csp: `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' data:; connect-src 'self'; script-src 'nonce-${nonce}'">`,
    reload: `<script nonce="${nonce}">new EventSource('/events').onmessage = () => location.reload();</script>`,
  };
}

/** The names a browser on this machine reaches the server by; any other Host is a page elsewhere trying to (DNS rebinding). */
function hostAllowed(host: string | undefined, port: number): boolean {
  return [`127.0.0.1:${port}`, `localhost:${port}`].includes((host ?? '').toLowerCase());
}

/**
 * `handlingar watch`: serves a live preview of every document on localhost:
 * its PDF as it prints (built on request, with the browser kept) under its
 * messages, or its HTML at once, both from the sources as they are now; a
 * page reloads itself when a source, template or style is saved; a broken
 * source shows its messages (the root cause first) instead of the document.
 * The PDFs are rebuilt in the background (incrementally: only what a change
 * affects), and the terminal says what each build printed or refused, with
 * the messages.
 */
export async function startWatch(options: WatchOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const language = options.language ?? 'sv';
  if (options.announce !== false) options.log?.(watchingLine(options.sourcesDir, language));
  let building = Promise.resolve();
  // One browser for every rebuild, started with the server: a save is not followed by Chromium starting.
  let browser: Promise<BrowserSession> | undefined;
  const session = async () => {
    const open = await browser?.catch(() => undefined);
    if (open?.alive()) return open;
    browser = BrowserSession.open();
    return browser;
  };
  // A document printed on request (its paged preview) waits for the build before it, and the next waits for it.
  const print = (paths: readonly string[]): Promise<BuildReport> => {
    const done = building.then(() => rebuild(options, session, paths));
    building = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  };

  const clients = new Set<ServerResponse>();
  let port = options.port;
  const server = createServer((request, response) => {
    if (!hostAllowed(request.headers.host, port)) return void response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Fel värd.');
    void serve(request.url ?? '/', response, options, clients, print).catch((error: Error) => {
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
  session().then(
    (s) => s.warm(defaultJobs()),
    () => undefined,
  );

  let pending: ReturnType<typeof setTimeout> | undefined;
  const changed = (file: string) => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      for (const client of clients) client.write('data: reload\n\n');
      options.log?.(`${language === 'sv' ? 'ändrad' : 'changed'}: ${relative(process.cwd(), file)}`);
      building = building
        .then(async () => {
          const report = await rebuild(options, session, [], (done, total, current) =>
            options.log?.(`  ${language === 'sv' ? 'skriver ut' : 'printing'} ${current} (${done + 1}/${total})`),
          );
          for (const line of reportLines(report, language)) options.log?.(line);
        })
        .catch((error: Error) => options.log?.(`✗ ${error instanceof MessageError ? formatMessage(error.report, language) : error.message}`));
    }, 150);
  };
  // chokidar: editors that save by writing a new file and renaming it over the old, folders made after the start, and Node's
  // differences between systems in recursive watching are its concern.
  // atomic: a save by rename (sed -i, an editor's safe write) is one change of the file, and the file is watched on.
  const watcher = watch([options.sourcesDir, join(projectRoot, 'templates')], { ignoreInitial: true, atomic: true });
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

/** A build of the documents `paths` ask about (all when none): not archived, but the archive is read, so a final edition's PDF is never replaced by other content. */
function rebuild(
  options: WatchOptions,
  session: () => Promise<BrowserSession>,
  paths: readonly string[],
  onProgress?: (done: number, total: number, current: string) => void,
): Promise<BuildReport> {
  return build({
    sourcesDir: options.sourcesDir,
    outDir: options.outDir,
    session,
    paths,
    ...(options.editionsDir && { editionsDir: options.editionsDir }),
    archive: false,
    ...(onProgress && { onProgress }),
  });
}

/**
 * What the terminal says of a build: each document printed or refused, with
 * its messages (errors and warnings, as validate says them); each message
 * once, however many documents share the file it is about.
 */
export function reportLines(report: BuildReport, language: Language): string[] {
  const said = new Set<string>();
  const lines: string[] = [];
  const messages = (list: readonly Message[]) =>
    sortMessages(list)
      .map((m) => formatMessage(m, language))
      .filter((text) => !said.has(text) && said.add(text))
      .map((text) => `    ${text.replaceAll('\n', '\n    ')}`);
  for (const d of report.documents.filter((x) => x.status !== 'current')) {
    const errors = d.messages.filter((m) => m.severity === 'error').length;
    const count = language === 'sv' ? `${errors} fel, ${d.messages.length - errors} varn.` : `${errors} errors, ${d.messages.length - errors} warnings`;
    lines.push(d.status === 'built' ? `✓ ${d.output}${d.messages.length > 0 ? ` (${count})` : ''}` : `✗ ${d.source} (${count})`, ...messages(d.messages));
  }
  for (const u of report.unreadable) lines.push(`✗ ${u.path}`, ...messages(u.messages));
  return lines;
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

async function serve(
  url: string,
  response: ServerResponse,
  options: WatchOptions,
  clients: Set<ServerResponse>,
  print: (paths: readonly string[]) => Promise<BuildReport>,
): Promise<void> {
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
  const html = (body: string) => void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
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
  // /dokument/x: the document paged as it prints (its PDF, built on request) with its messages; /html/x: its HTML, at once; /pdf/x: the PDF.
  const [, view, wanted] = /^\/(dokument|html|pdf)\/(.+)$/.exec(path) ?? [];
  const planned = documents.find(({ job }) => nameOf(job.source.absolutePath) === wanted);
  if (!planned) return void response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Inget sådant dokument.');
  return serveDocument(planned, view as 'dokument' | 'html' | 'pdf', wanted!, { html, guarded, response, csp, reload }, options, print);
}

/** A document's page: its messages and PDF (dokument), its HTML (html), or its PDF (pdf); a source with errors, its messages. */
async function serveDocument(
  planned: PlannedDocument,
  view: 'dokument' | 'html' | 'pdf',
  wanted: string,
  out: { html: (body: string) => void; guarded: (page: string) => string; response: ServerResponse; csp: string; reload: string },
  options: WatchOptions,
  print: (paths: readonly string[]) => Promise<BuildReport>,
): Promise<void> {
  const { html, guarded, response, csp, reload } = out;
  const language = options.language ?? 'sv';
  const source = planned.job.source.path;
  const page = (title: string, body: string, frame = false) =>
    html(
      `<!DOCTYPE html><html lang="${language === 'sv' ? 'sv-SE' : 'en'}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${frame ? csp.replace("connect-src 'self'", "connect-src 'self'; frame-src 'self'") : csp}<style>${pageStyle}</style></head><body>${body}${reload}</body></html>`,
    );
  if (!planned.prepared) {
    const [heading, text] =
      language === 'sv'
        ? ['Källan har fel', 'kan inte visas förrän felen är rättade:']
        : ['The source has errors', 'cannot be shown until the errors are fixed:'];
    return page(`${heading}: ${source}`, `<h1>${heading}</h1><p>${escapeHtml(source)} ${text}</p>${messageList(planned.messages, language)}`);
  }
  if (view === 'html') return void html(guarded(renderHtml(planned.job.kind, planned.prepared.view, new Map(), '')));
  if (view === 'pdf') {
    const report = await print([planned.job.source.absolutePath]);
    const result = report.documents.find((d) => d.source === source);
    const pdf = result?.output && result.status !== 'failed' ? await readFile(result.output).catch(() => undefined) : undefined;
    if (pdf) return void response.writeHead(200, { 'content-type': 'application/pdf', 'cache-control': 'no-store' }).end(pdf);
    const heading = language === 'sv' ? 'PDF:en kunde inte göras' : 'The PDF could not be made';
    return page(heading, `<h1>${heading}</h1>${messageList(result?.messages ?? [], language)}`);
  }
  const base = `/${encodeURIComponent(wanted).replaceAll('%2F', '/')}`;
  const [printed, quick] = language === 'sv' ? ['Som den skrivs ut', 'HTML (snabbare, utan sidor)'] : ['As it prints', 'HTML (quicker, without pages)'];
  page(
    planned.prepared.view.meta.title,
    `<p><a href="/">←</a> ${escapeHtml(source)} · <strong>${printed}</strong> · <a href="/html${base}">${quick}</a></p>${messageList(planned.messages, language)}<iframe title="${escapeHtml(planned.prepared.view.meta.title)}" src="/pdf${base}"></iframe>`,
    true,
  );
}

const pageStyle = [
  'body { font-family: system-ui, sans-serif; margin: 1rem; }',
  '.meddelanden { padding-left: 1.2rem; }',
  // Long messages and paths wrap instead of running off the right edge.
  '.meddelanden li { white-space: pre-wrap; overflow-wrap: anywhere; margin-bottom: 0.6em; }',
  '.meddelanden .error strong { color: #a00000; } .meddelanden .warning strong { color: #8a5a00; }',
  'iframe { width: 100%; height: calc(100vh - 6rem); border: 1px solid #ccc; }',
].join('\n');

/**
 * Messages as a list: each place a link that opens the file at its line in
 * an editor (vscode://file/…:line:column, which VS Code and editors that
 * take its links answer), the words wrapping.
 */
export function messageList(messages: readonly Message[], language: Language): string {
  if (messages.length === 0) return '';
  const items = sortMessages(messages).map((m) => {
    const { reason, fix } = m.text[language];
    const place = placeOf(m);
    const link =
      m.file && m.line
        ? `<a href="${escapeHtml(`vscode://file${encodeURI(resolve(m.file))}:${m.line}:${m.column ?? 1}`)}">${escapeHtml(place)}</a> `
        : place
          ? `${escapeHtml(place)} `
          : '';
    const label = language === 'sv' ? (m.severity === 'error' ? 'fel' : 'varning') : m.severity;
    return `<li class="${m.severity}">${link}<strong>${label}</strong> ${escapeHtml(reason)} [${escapeHtml(m.ruleId)}]\n${language === 'sv' ? 'Åtgärd' : 'Fix'}: ${escapeHtml(fix)}</li>`;
  });
  return `<ul class="meddelanden">${items.join('')}</ul>`;
}
