import { relative, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { build, type BuildReport, type DocumentResult } from './build.ts';
import { formatMessage, hasErrors, sortMessages, type Message } from './messages.ts';
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
    .action(async (paths: string[], options: { sources: string; out: string }) => {
      const report = await build({
        sourcesDir: resolve(options.sources), outDir: resolve(options.out), paths,
        onDocument: (result) => process.stdout.write(`${documentLine(result)}\n`),
      });
      process.stdout.write(summary(report));
      exitCode = report.documents.some((d) => d.status === 'failed') || report.unreadable.length > 0 ? 1 : 0;
    });

  program.command('validate')
    .description('Check sources against their schemas and rules without building (no browser is started).')
    .argument('[paths...]', 'source files or folders (default: all sources)')
    .option('--sources <dir>', 'folder with the sources', defaultSourcesDir)
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--strict', 'treat warnings as errors')
    .action((paths: string[], options: { sources: string; format: string; strict?: boolean }) => {
      const { files, messages } = validateSources(resolve(options.sources), paths);
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(messages.map(toJson), null, 2)}\n`);
      } else {
        for (const m of messages) process.stdout.write(`${formatMessage(m)}\n`);
        const errors = messages.filter((m) => m.severity === 'error').length;
        process.stdout.write(`${files} filer kontrollerade: ${errors} fel, ${messages.length - errors} varningar.\n`);
      }
      exitCode = hasErrors(messages) || (options.strict && messages.length > 0) ? 1 : 0;
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

function documentLine(result: DocumentResult): string {
  const lines = sortMessages(result.messages).map((m) => `    ${formatMessage(m).replaceAll('\n', '\n    ')}`);
  const fillIns = result.fillIns > 0 ? `  (${result.fillIns} fält att fylla i)` : '';
  const head = result.status === 'built' ? `✓ ${relative(process.cwd(), result.output!)}${fillIns}` : `✗ ${result.source}: byggdes inte`;
  return [head, ...lines].join('\n');
}

function summary(report: BuildReport): string {
  const lines = report.unreadable.map((u) => [`✗ ${u.path}: kan inte läsas`, ...u.messages.map((m) => `    ${formatMessage(m).replaceAll('\n', '\n    ')}`)].join('\n'));
  const built = report.documents.filter((d) => d.status === 'built');
  const fillIns = built.reduce((n, d) => n + d.fillIns, 0);
  lines.push(`Byggde ${built.length} av ${report.documents.length} dokument` +
    `${fillIns > 0 ? `, ${fillIns} fält kvar att fylla i (i ${built.filter((d) => d.fillIns > 0).length} utkast)` : ''}` +
    `${report.documents.length > built.length ? `, ${report.documents.length - built.length} med fel` : ''}.`);
  return `${lines.join('\n')}\n`;
}

function toJson(m: Message): object {
  return { file: m.file, line: m.line, column: m.column, ruleId: m.ruleId, severity: m.severity, message: m.reason, ...(m.fix && { fix: m.fix }) };
}
