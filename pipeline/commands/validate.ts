import { Option } from 'commander';
import { formatMessage, hasErrors, type Language, type Message, messageJson } from '../core/message.ts';
import { type CommandModule, editionsDirFor, noSourcesFound, optionsOf, sourcesDirFor } from './command.ts';

/** `handlingar validate`: every message about the sources, without building (no browser is started). */
export const validateCommand: CommandModule = (program, exit) => {
  program
    .command('validate')
    .description(
      'Check sources, and the sources they depend on, against their schemas, rules and the archive of editions without building (no browser is started).',
    )
    .argument('[paths...]', 'source files or folders (default: all sources)')
    .option('--sources <dir>', 'folder with the sources (default: the folder of the files named, or sources/)')
    .option(
      '--editions <dir>',
      'archive of editions, read as build reads it: a changed final edition is reported (default: editions/ beside the sources folder)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'treat warnings as errors')
    .action(async (paths: string[], _options, command) => {
      const options = optionsOf<{ format: 'text' | 'json'; strict?: boolean; editions?: string }>(command);
      const sourcesDir = sourcesDirFor(command, paths);
      const { validateSources } = await import('../orchestrate/validate.ts');
      // Validate says everything build would refuse, the archive's refusals included; and the files the sources asked about depend on.
      const { files, messages } = await validateSources(sourcesDir, paths, undefined, { editionsDir: editionsDirFor(sourcesDir, options.editions) });
      if (files === 0) noSourcesFound(paths, sourcesDir);
      if (options.format === 'json') {
        process.stdout.write(
          `${JSON.stringify(
            messages.map((m) => messageJson(m, options.lang)),
            null,
            2,
          )}\n`,
        );
      } else {
        for (const m of messages) process.stdout.write(`${formatMessage(m, options.lang)}\n`);
        process.stdout.write(`${summary(files, messages, options.lang)}\n`);
      }
      exit(hasErrors(messages) || (options.strict && messages.length > 0) ? 1 : 0);
    });
};

function summary(files: number, messages: readonly Message[], language: Language): string {
  const errors = messages.filter((m) => m.severity === 'error').length;
  const warnings = messages.length - errors;
  return language === 'sv'
    ? `${files} ${files === 1 ? 'fil kontrollerad' : 'filer kontrollerade'}: ${errors} fel, ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}.`
    : `${files} ${files === 1 ? 'file' : 'files'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}.`;
}
