import { Option } from 'commander';
import { formatMessage, hasErrors, type Language, type Message, messageJson, sortMessages } from '../core/message.ts';
import { defaultSourcesDir } from '../core/paths.ts';
import { planProject } from '../orchestrate/plan.ts';
import { type CommandModule, noSourcesFound, optionsOf, sourcesDirFor } from './command.ts';

/** `handlingar validate`: every message about the sources, without building (no browser is started). */
export const validateCommand: CommandModule = (program, exit) => {
  program
    .command('validate')
    .description('Check sources against their schemas and rules without building (no browser is started).')
    .argument('[paths...]', 'source files or folders (default: all sources)')
    .option('--sources <dir>', 'folder with the sources (default: the folder of the files named, or sources/)', defaultSourcesDir)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'treat warnings as errors')
    .action((paths: string[], _options, command) => {
      const options = optionsOf<{ format: 'text' | 'json'; strict?: boolean }>(command);
      const sourcesDir = sourcesDirFor(command, paths);
      const { files, messages } = validateSources(sourcesDir, paths);
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

/**
 * Every message about the sources below `sourcesDir` (or those inside
 * `paths`): each file's reading, schema and rules, and what is wrong with
 * a document as a whole (two documents with one file name); sorted.
 */
export function validateSources(sourcesDir: string, paths: readonly string[] = []): { files: number; messages: Message[] } {
  const plan = planProject(sourcesDir, paths);
  const unreadable = plan.unreadable.filter((u) => plan.within(u.absolutePath));
  const sources = [...plan.project.sources.values()].filter(({ source }) => plan.within(source.absolutePath));
  const messages = [
    ...unreadable.flatMap((u) => u.messages),
    ...sources.flatMap(({ source }) => plan.messagesFor(source)),
    ...[...plan.documents()].filter((d) => plan.within(d.job.source.absolutePath)).flatMap((d) => d.documentMessages),
  ];
  return { files: unreadable.length + sources.length, messages: sortMessages(messages) };
}

function summary(files: number, messages: readonly Message[], language: Language): string {
  const errors = messages.filter((m) => m.severity === 'error').length;
  const warnings = messages.length - errors;
  return language === 'sv'
    ? `${files} ${files === 1 ? 'fil kontrollerad' : 'filer kontrollerade'}: ${errors} fel, ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}.`
    : `${files} ${files === 1 ? 'file' : 'files'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}.`;
}
