import { resolve } from 'node:path';
import { defaultEditionsDir, listEditions } from '../archive/editions.ts';
import { forTerminal } from '../core/text.ts';
import { type CommandModule, optionsOf } from './command.ts';

/** `handlingar editions`: every archived edition, one a line. */
export const editionsCommand: CommandModule = (program) => {
  program
    .command('editions')
    .description('List the archived editions of every document.')
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action((_options, command) => {
      const options = optionsOf<{ editions: string }>(command);
      for (const e of listEditions(resolve(options.editions))) {
        const decided = e.decision ? ` ${e.decision.datum}` : '';
        process.stdout.write(forTerminal(`${e.id}  ${e.status}${decided}  pdf ${e.hashes.pdf.slice(0, 12)}\n`));
      }
    });
};
