import { relative, resolve } from 'node:path';
import { Option } from 'commander';
import { formatMessage, hasErrors, type Language, type Message, sortMessages } from '../core/message.ts';
import { defaultOutputDir } from '../core/paths.ts';
import { forTerminal } from '../core/text.ts';
import type { BuildReport, DocumentResult } from '../orchestrate/build.ts';
import { type CommandModule, editionsDirFor, noSourcesFound, optionsOf, positiveInteger, positiveNumber, sourcesDirFor } from './command.ts';

interface BuildOptions {
  out: string;
  editions?: string;
  archive: boolean;
  force?: boolean;
  jobs?: number;
  browserUrl?: string[];
  timeout: number;
}

/** `handlingar build`: validates and builds documents into PDFs, reporting each as it is done. */
export const buildCommand: CommandModule = (program, exit) => {
  program
    .command('build')
    .description('Validate and build documents into PDFs (all sources when no path is given).')
    .argument('[paths...]', 'source files or folders; a document is built when it or a file it uses is named')
    .option('--sources <dir>', 'folder with the sources (default: the folder of the files named, or sources/)')
    .option('--out <dir>', 'folder for the PDFs', defaultOutputDir)
    .option('--editions <dir>', 'archive of editions, committed to the repository (default: editions/ beside the sources folder)')
    .option('--no-archive', 'do not record new editions (the archive is still read: a final edition is never built over)')
    .option('--force', 'rebuild every document, even those whose inputs did not change')
    .option('--jobs <n>', 'documents printed at once in each browser (default: one more than the cores)', positiveInteger)
    .addOption(
      new Option(
        '--browser-url <url>',
        'print with running browsers over the DevTools protocol: http(s):// (Chromium with --remote-debugging-port) or ws(s):// (browserless, ?token=… kept); several comma-separated or the option repeated spread the documents over them',
      )
        .env('HANDLINGAR_BROWSER_URL')
        .argParser((url: string, earlier: string[] | undefined) => [...(earlier ?? []), url]),
    )
    .option('--timeout <seconds>', 'how long one document may take to load and print before it fails', positiveNumber, 60)
    .action(async (paths: string[], _options, command) => {
      const options = optionsOf<BuildOptions>(command);
      const sourcesDir = sourcesDirFor(command, paths);
      const progress = progressOutput(process.stdout);
      // Loaded here so that validate never pays for the browser and PDF libraries.
      const { build } = await import('../orchestrate/build.ts');
      const report = await build({
        sourcesDir,
        outDir: resolve(options.out),
        paths,
        // The archive is read even with --no-archive: a final edition's PDF is never replaced by other content.
        editionsDir: editionsDirFor(sourcesDir, options.editions),
        ...(!options.archive && { archive: false }),
        ...(options.force && { force: true }),
        ...(options.jobs !== undefined && { jobs: options.jobs }),
        ...(options.browserUrl !== undefined && { browserUrl: options.browserUrl }),
        timeoutMs: options.timeout * 1000,
        onDocument: (result) => progress.write(`${forTerminal(documentLine(result, options.lang))}\n`),
        onProgress: (done, total, current) => progress.status(forTerminal(`[${done}/${total}] ${current}`)),
      });
      if (report.documents.length === 0 && report.unreadable.length === 0) noSourcesFound(paths, sourcesDir);
      progress.write(forTerminal(summary(report, options.lang)));
      // A document built with an error (its edition could not be archived) fails the build too.
      const failed = report.documents.some((d) => d.status === 'failed' || hasErrors(d.messages));
      exit(failed || report.unreadable.length > 0 ? 1 : 0);
    });
};

/** What the build says, in each language. */
const words: Record<
  Language,
  {
    fillIns: (n: number) => string;
    current: string;
    notBuilt: string;
    unreadable: string;
    index: string;
    summary: (built: number, total: number, current: number, fillIns: number, drafts: number, failed: number) => string;
  }
> = {
  sv: {
    fillIns: (n) => `${n} fält att fylla i`,
    current: 'aktuell, inget har ändrats',
    notBuilt: 'byggdes inte',
    unreadable: 'kan inte läsas',
    index: 'Förteckning över dokumenten',
    summary: (built, total, current, fillIns, drafts, failed) =>
      `Byggde ${built} av ${total} dokument` +
      `${current > 0 ? `, ${current} var redan aktuella` : ''}` +
      `${fillIns > 0 ? `, ${fillIns} fält kvar att fylla i (i ${drafts} utkast)` : ''}` +
      `${failed > 0 ? `, ${failed} med fel` : ''}.`,
  },
  en: {
    fillIns: (n) => `${n} ${n === 1 ? 'field' : 'fields'} to fill in`,
    current: 'up to date, nothing changed',
    notBuilt: 'not built',
    unreadable: 'cannot be read',
    index: 'Index of the documents',
    summary: (built, total, current, fillIns, drafts, failed) =>
      `Built ${built} of ${total} ${total === 1 ? 'document' : 'documents'}` +
      `${current > 0 ? `, ${current} already up to date` : ''}` +
      `${fillIns > 0 ? `, ${fillIns} ${fillIns === 1 ? 'field' : 'fields'} left to fill in (in ${drafts} ${drafts === 1 ? 'draft' : 'drafts'})` : ''}` +
      `${failed > 0 ? `, ${failed} with errors` : ''}.`,
  },
};

/**
 * Output with a status line: on a terminal the line ("[3/11] verksamhetsplan-2023.pdf")
 * is redrawn in place below the finished documents; elsewhere (CI, a file) only
 * the finished documents are written, one plain line each.
 */
function progressOutput(out: NodeJS.WriteStream) {
  let shown = false;
  const clear = () => {
    if (shown) out.write('\r\x1b[K');
    shown = false;
  };
  return {
    write(text: string) {
      clear();
      out.write(text);
    },
    status(text: string) {
      if (!out.isTTY) return;
      clear();
      out.write(text.slice(0, (out.columns || 80) - 1));
      shown = true;
    },
  };
}

/** Messages indented under the line of their document. */
function indented(messages: readonly Message[], language: Language): string[] {
  return sortMessages(messages).map((m) => `    ${formatMessage(m, language).replaceAll('\n', '\n    ')}`);
}

function documentLine(result: DocumentResult, language: Language): string {
  const said = words[language];
  const fillIns = result.fillIns > 0 ? said.fillIns(result.fillIns) : undefined;
  const head =
    result.status === 'built'
      ? `✓ ${relative(process.cwd(), result.output!)}${fillIns ? `  (${fillIns})` : ''}`
      : result.status === 'current'
        ? `= ${relative(process.cwd(), result.output!)} (${[said.current, fillIns].filter(Boolean).join('; ')})`
        : `✗ ${result.source}: ${said.notBuilt}`;
  return [head, ...indented(result.messages, language)].join('\n');
}

function summary(report: BuildReport, language: Language): string {
  const said = words[language];
  const lines = (report.printing ?? []).map((m) => formatMessage(m, language));
  lines.push(...report.unreadable.map((u) => [`✗ ${u.path}: ${said.unreadable}`, ...indented(u.messages, language)].join('\n')));
  const count = (status: DocumentResult['status']) => report.documents.filter((d) => d.status === status).length;
  const withErrors = report.documents.filter((d) => d.status === 'failed' || hasErrors(d.messages)).length;
  const ok = report.documents.filter((d) => d.status !== 'failed');
  // A field several documents print (an ärende's text in every letter) is one field to fill in.
  const bySource = new Map(ok.flatMap((d) => Object.entries(d.fillInsBySource ?? {})));
  const fillIns = [...bySource.values()].reduce((n, v) => n + v, 0);
  lines.push(said.summary(count('built'), report.documents.length, count('current'), fillIns, ok.filter((d) => d.fillIns > 0).length, withErrors));
  if (report.index) lines.push(`${said.index}: ${relative(process.cwd(), report.index)}`);
  return `${lines.join('\n')}\n`;
}
