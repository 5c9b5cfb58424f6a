import { formatMessage, hasErrors } from '../core/message.ts';
import { shownPath } from '../core/paths.ts';
import { forTerminal } from '../core/text.ts';
import { type CommandModule, optionsOf, sourcesDirFor } from './command.ts';

/** `handlingar next`: next year's plan from a plan, or the next meeting's minutes from minutes, as a draft beside it. */
export const nextCommand: CommandModule = (program, exit) => {
  program
    .command('next')
    .description(
      "Make the next document from an earlier one, as a draft beside it: next year's plan from a plan, the next meeting's minutes from minutes. Never overwrites a file.",
    )
    .argument('<source>', 'a plan (sources/verksamhetsplan/2023.yaml) or minutes (sources/minnesanteckningar/…)')
    .option('--sources <dir>', 'folder with the sources (default: the folder the source belongs to)')
    .option('--datum <date>', "the draft's date, YYYY-MM-DD (default: today)")
    .action(async (source: string, _options, command) => {
      const options = optionsOf<{ datum?: string }>(command);
      const sourcesDir = sourcesDirFor(command, [source]);
      const { scaffoldNext } = await import('../orchestrate/next.ts');
      const today = options.datum ?? new Date().toLocaleDateString('sv-SE');
      const result = await scaffoldNext(sourcesDir, source, today);
      const said = options.lang === 'sv';
      if (result.file) process.stdout.write(forTerminal(`${said ? 'Skrev' : 'Wrote'} ${shownPath(result.file)}.\n`));
      for (const m of result.messages) process.stdout.write(`${formatMessage(m, options.lang)}\n`);
      const warnings = result.messages.filter((m) => m.severity === 'warning').length;
      process.stdout.write(
        said
          ? `${result.fillIns} fält att fylla i, ${warnings} ${warnings === 1 ? 'varning' : 'varningar'} att se över.\n`
          : `${result.fillIns} ${result.fillIns === 1 ? 'field' : 'fields'} to fill in, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} to look at.\n`,
      );
      exit(hasErrors(result.messages) ? 1 : 0);
    });
};
