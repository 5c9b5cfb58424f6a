import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { BuildReport, DocumentResult } from './build.ts';
import { formatMessage, hasErrors, sortMessages, wordsOf, type Language, type Message } from './messages/message.ts';
import { listEditions, defaultEditionsDir } from './editions/archive.ts';
import { defaultOutputDir, defaultSourcesDir } from './paths.ts';
import { validateSources } from './validate/validate-sources.ts';

/** Runs the command line; returns the exit code (0 ok, 1 errors in sources, 2 the command itself failed). */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('handlingar')
    .description('Builds the documents of Södertörnskommunernas kansli from YAML sources into PDFs.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program.command('build')
    .description('Validate and build documents into PDFs (all sources when no path is given).')
    .argument('[paths...]', 'source files or folders; a document is built when it or a file it uses is named')
    .option('--sources <dir>', 'folder with the sources', defaultSourcesDir)
    .option('--out <dir>', 'folder for the PDFs', defaultOutputDir)
    .option('--editions <dir>', 'archive of editions, committed to the repository (default: editions/ beside the sources folder)')
    .option('--no-archive', 'do not record editions')
    .option('--force', 'rebuild every document, even those whose inputs did not change')
    .option('--jobs <n>', 'documents printed at once in the one browser (default: number of cores)', (v) => Number.parseInt(v, 10))
    .option('--browser-url <url>', 'print with a running browser over the DevTools protocol (also $HANDLINGAR_BROWSER_URL)')
    .option('--timeout <seconds>', 'how long one document may take to load and print before it fails', (v) => Number.parseFloat(v), 60)
    .addOption(languageOption())
    .action(async (paths: string[], options: {
      sources: string; out: string; editions?: string; archive: boolean; force?: boolean; jobs?: number; browserUrl?: string; timeout: number; lang: Language;
    }) => {
      const progress = progressOutput(process.stdout);
      // Loaded here so that validate never pays for the browser and PDF libraries.
      const { build } = await import('./build.ts');
      const { removePendingWrites } = await import('./publish/write-atomic.ts');
      // Ctrl-C: no half-written PDF and no temporary file is left; the previous PDFs stay.
      process.once('SIGINT', () => {
        removePendingWrites();
        const lock = join(resolve(options.out), '.handlingar.lock');
        if (existsSync(lock) && readFileSync(lock, 'utf8') === String(process.pid)) rmSync(lock, { force: true });
        process.stderr.write('\nhandlingar: avbrutet; inga halvskrivna filer lämnades kvar.\n');
        process.exit(130);
      });
      const report = await build({
        sourcesDir: resolve(options.sources), outDir: resolve(options.out), paths,
        ...(options.archive && { editionsDir: resolve(options.editions ?? join(dirname(resolve(options.sources)), 'editions')) }),
        ...(options.force && { force: true }),
        ...(options.jobs !== undefined && { jobs: options.jobs }),
        ...(options.browserUrl !== undefined && { browserUrl: options.browserUrl }),
        timeoutMs: options.timeout * 1000,
        onDocument: (result) => progress.write(`${documentLine(result, options.lang)}\n`),
        onProgress: (done, total, current) => progress.status(`[${done}/${total}] ${current}`),
      });
      progress.write(summary(report, options.lang));
      exitCode = report.documents.some((d) => d.status === 'failed') || report.unreadable.length > 0 ? 1 : 0;
    });

  program.command('validate')
    .description('Check sources against their schemas and rules without building (no browser is started).')
    .argument('[paths...]', 'source files or folders (default: all sources)')
    .option('--sources <dir>', 'folder with the sources', defaultSourcesDir)
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--strict', 'treat warnings as errors')
    .addOption(languageOption())
    .action((paths: string[], options: { sources: string; format: string; strict?: boolean; lang: Language }) => {
      if (options.format !== 'text' && options.format !== 'json') throw new Error(`unknown --format "${options.format}" (use text or json)`);
      const { files, messages } = validateSources(resolve(options.sources), paths);
      if (files === 0) throw new Error(`no sources found in ${paths.length > 0 ? paths.join(', ') : options.sources}`);
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(messages.map((m) => toJson(m, options.lang)), null, 2)}\n`);
      } else {
        for (const m of messages) process.stdout.write(`${formatMessage(m, options.lang)}\n`);
        const errors = messages.filter((m) => m.severity === 'error').length;
        const warnings = messages.length - errors;
        process.stdout.write(options.lang === 'sv'
          ? `${files} filer kontrollerade: ${errors} fel, ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}.\n`
          : `${files} files checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}.\n`);
      }
      exitCode = hasErrors(messages) || (options.strict && messages.length > 0) ? 1 : 0;
    });

  program.command('watch')
    .description('Serve a live HTML preview of every document on localhost; rebuild the PDFs in the background when a source, template or style is saved.')
    .option('--sources <dir>', 'folder with the sources', defaultSourcesDir)
    .option('--out <dir>', 'folder for the PDFs', defaultOutputDir)
    .option('--port <port>', 'port on 127.0.0.1', (v) => Number.parseInt(v, 10), 4173)
    .action(async (options: { sources: string; out: string; port: number }) => {
      const { startWatch } = await import('./watch/preview-server.ts');
      const server = await startWatch({ sourcesDir: resolve(options.sources), outDir: resolve(options.out), port: options.port, log: (line) => process.stdout.write(`${line}\n`) });
      process.stdout.write(`Förhandsvisning: http://127.0.0.1:${server.port}/  (Ctrl-C avslutar)\n`);
      await new Promise<void>((done) => process.once('SIGINT', () => void server.close().then(done)));
    });

  program.command('editions')
    .description('List the archived editions of every document.')
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action((options: { editions: string }) => {
      for (const e of listEditions(resolve(options.editions))) {
        const decided = e.decision ? ` ${e.decision.datum}` : '';
        process.stdout.write(`${e.id}  ${e.status}${decided}  pdf ${e.hashes.pdf.slice(0, 12)}\n`);
      }
    });

  program.command('rebuild')
    .description('Rebuild an archived edition from its archived files and check that the PDF is identical to the archived one.')
    .argument('<edition>', 'edition id, e.g. verksamhetsplan-2023@v2 (see `handlingar editions`)')
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action(async (id: string, options: { editions: string }) => {
      const { rebuildEdition } = await import('./editions/rebuild.ts');
      const result = await rebuildEdition(resolve(options.editions), id);
      if (!result) throw new Error(`no edition "${id}" in ${options.editions}; \`handlingar editions\` lists them`);
      const changed = result.changed.length > 0 ? ` Ändrat sedan utgåvan byggdes: ${result.changed.join(', ')}.` : '';
      process.stdout.write(result.identical
        ? `✓ ${id}: den ombyggda PDF:en är identisk med arkivets (sha256 ${result.pdf}).\n`
        : `✗ ${id}: den ombyggda PDF:en ${result.pdf ? `(sha256 ${result.pdf}) ` : ''}skiljer sig från arkivets (sha256 ${result.record.hashes.pdf}).${changed}\n`);
      exitCode = result.identical ? 0 : 1;
    });

  program.command('diff')
    .description('Compare two editions or sources: what was added, removed, changed and moved, word by word, with numbers and dates compared as such.')
    .argument('<old>', 'an edition id (see `handlingar editions`) or a source file')
    .argument('<new>', 'an edition id or a source file')
    .option('--format <format>', 'text, json, html or pdf', 'text')
    .option('--out <file>', 'write the report to this file (html and pdf)')
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action(async (oldArg: string, newArg: string, options: { format: string; out?: string; editions: string }) => {
      const { compareEditions } = await import('./diff/run-diff.ts');
      exitCode = await compareEditions(oldArg, newArg, { ...options, editionsDir: resolve(options.editions) });
    });

  program.command('check')
    .description('Check PDFs against the machine-checkable rules of PDF/UA and PDF/A (tags, language, title, XMP, output intent, fonts, headings, tables, artifacts).')
    .argument('<files...>', 'PDF files')
    .action(async (files: string[]) => {
      const { checkPdf } = await import('./check/check-pdf.ts');
      for (const file of files) {
        const failures = await checkPdf(readFileSync(file));
        process.stdout.write(failures.length === 0 ? `✓ ${file}\n` : `✗ ${file}\n${failures.map((f) => `    [${f.rule}] ${f.message}\n`).join('')}`);
        if (failures.length > 0) exitCode = 1;
      }
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`handlingar: ${(error as Error).message}\n`);
    return 2;
  }
}

/**
 * Output with a status line: on a terminal the line ("[3/11] verksamhetsplan-2023.pdf")
 * is redrawn in place below the finished documents; elsewhere (CI, a file) only
 * the finished documents are written, one plain line each.
 */
function progressOutput(out: NodeJS.WriteStream) {
  let shown = false;
  const clear = () => { if (shown) out.write('\r\x1b[K'); shown = false; };
  return {
    write(text: string) { clear(); out.write(text); },
    status(text: string) {
      if (!out.isTTY) return;
      clear();
      out.write(text.slice(0, (out.columns || 80) - 1));
      shown = true;
    },
  };
}

/** --lang: Swedish (the default) or English messages. */
function languageOption(): Option {
  return new Option('--lang <language>', 'language of messages about sources').choices(['sv', 'en']).default('sv');
}

function documentLine(result: DocumentResult, language: Language): string {
  const lines = sortMessages(result.messages).map((m) => `    ${formatMessage(m, language).replaceAll('\n', '\n    ')}`);
  const fillIns = result.fillIns > 0 ? `  (${result.fillIns} fält att fylla i)` : '';
  const head = result.status === 'built' ? `✓ ${relative(process.cwd(), result.output!)}${fillIns}`
    : result.status === 'current' ? `= ${relative(process.cwd(), result.output!)} (aktuell, inget har ändrats)${fillIns}`
    : `✗ ${result.source}: byggdes inte`;
  return [head, ...lines].join('\n');
}

function summary(report: BuildReport, language: Language): string {
  const lines = report.unreadable.map((u) => [`✗ ${u.path}: kan inte läsas`, ...u.messages.map((m) => `    ${formatMessage(m, language).replaceAll('\n', '\n    ')}`)].join('\n'));
  const built = report.documents.filter((d) => d.status === 'built');
  const current = report.documents.filter((d) => d.status === 'current');
  const failed = report.documents.filter((d) => d.status === 'failed');
  const ok = [...built, ...current];
  const fillIns = ok.reduce((n, d) => n + d.fillIns, 0);
  lines.push(`Byggde ${built.length} av ${report.documents.length} dokument` +
    `${current.length > 0 ? `, ${current.length} var redan aktuella` : ''}` +
    `${fillIns > 0 ? `, ${fillIns} fält kvar att fylla i (i ${ok.filter((d) => d.fillIns > 0).length} utkast)` : ''}` +
    `${failed.length > 0 ? `, ${failed.length} med fel` : ''}.`);
  return `${lines.join('\n')}\n`;
}

function toJson(m: Message, language: Language): object {
  const { reason, fix } = wordsOf(m, language);
  return { file: m.file, line: m.line, column: m.column, ruleId: m.ruleId, severity: m.severity, message: reason, fix };
}
