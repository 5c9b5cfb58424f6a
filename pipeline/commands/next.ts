import { formatMessage, hasErrors } from '../core/message.ts';
import { shownPath } from '../core/paths.ts';
import { forTerminal } from '../core/text.ts';
import { type CommandModule, optionsOf, sourcesDirFor } from './command.ts';

/** `handlingar next`: next year's plan from a plan, the next meeting's minutes from minutes, or a new ärende from an ärende, as drafts beside it. */
export const nextCommand: CommandModule = (program, exit) => {
  program
    .command('next')
    .description(
      "Make the next document from an earlier one, as a draft beside it: next year's plan from a plan, the next meeting's minutes from minutes, a new ärende (with a draft for each municipality) from an ärende. Never overwrites a file.",
    )
    .argument(
      '<source>',
      "a plan (sources/verksamhetsplan/2023.yaml), minutes (sources/minnesanteckningar/…) or an ärende's folder (sources/tjansteskrivelse/sup-2040)",
    )
    .option('--sources <dir>', 'folder with the sources (default: the folder the source belongs to)')
    .option('--datum <date>', "the draft's date, YYYY-MM-DD (default: today)")
    .option('--id <id>', "a new ärende's id, also its folder's name (only for an ärende)")
    .action(async (source: string, _options, command) => {
      const options = optionsOf<{ datum?: string; id?: string }>(command);
      const sourcesDir = sourcesDirFor(command, [source]);
      const { scaffoldNext } = await import('../orchestrate/next.ts');
      const today = options.datum ?? new Date().toLocaleDateString('sv-SE');
      const result = await scaffoldNext(sourcesDir, source, today, options.id);
      const said = options.lang === 'sv';
      for (const file of result.files) process.stdout.write(forTerminal(`${said ? 'Skrev' : 'Wrote'} ${shownPath(file)}.\n`));
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
