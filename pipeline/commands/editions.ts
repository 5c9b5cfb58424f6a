import { resolve } from 'node:path';
import { defaultEditionsDir } from '../archive/editions.ts';
import { checkArchive, type EditionCheck } from '../archive/verify.ts';
import { formatMessage, hasErrors, type Language, type Message } from '../core/message.ts';
import { forTerminal } from '../core/text.ts';
import { type CommandModule, optionsOf } from './command.ts';

/** `handlingar editions`: every archived edition, one a line, each checked against its edition.json. */
export const editionsCommand: CommandModule = (program, exit) => {
  program
    .command('editions')
    .description('List the archived editions of every document, each checked against its edition.json.')
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action((_options, command) => {
      const options = optionsOf<{ editions: string }>(command);
      const { editions, stray } = checkArchive(resolve(options.editions));
      const lines = editions.map((e) => [listed(e, options.lang), ...indented(e.problems, options.lang)].join('\n'));
      process.stdout.write(forTerminal(lines.map((line) => `${line}\n`).join('')));
      exit(report(editions, stray, options.lang, false));
    });
};

/** `handlingar verify`: checks every file of every archived edition against its edition.json; exits with 1 when any differs. */
export const verifyCommand: CommandModule = (program, exit) => {
  program
    .command('verify')
    .description(
      'Check every archived edition: each file its edition.json names is there with the bytes it names, and nothing else is. Exits with 1 on any difference.',
    )
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action((_options, command) => {
      const options = optionsOf<{ editions: string }>(command);
      const { editions, stray } = checkArchive(resolve(options.editions));
      const lines = editions.map((e) => [`${e.problems.length === 0 ? '✓' : '✗'} ${e.id}`, ...indented(e.problems, options.lang)].join('\n'));
      process.stdout.write(forTerminal(lines.map((line) => `${line}\n`).join('')));
      exit(report(editions, stray, options.lang, true));
    });
};

/** One edition in the listing: id, status, date of decision and the PDF's hash as archived; or why it cannot be read. */
function listed({ id, record, problems }: EditionCheck, language: Language): string {
  if (!record) return `✗ ${id}`;
  const decided = record.decision ? ` ${record.decision.datum}` : '';
  const mark = problems.length > 0 ? (language === 'sv' ? '  ✗ stämmer inte med edition.json' : '  ✗ does not match edition.json') : '';
  return `${id}  ${record.status}${decided}  pdf ${record.hashes.pdf.slice(0, 12)}${mark}`;
}

function indented(messages: readonly Message[], language: Language): string[] {
  return messages.map((m) => `    ${formatMessage(m, language).replaceAll('\n', '\n    ')}`);
}

/** Says what is in the archive that is no edition, and (for verify) how many editions hold; the exit code: 1 when any edition differs. */
function report(editions: readonly EditionCheck[], stray: readonly Message[], language: Language, summary: boolean): number {
  for (const m of stray) process.stderr.write(`${formatMessage(m, language)}\n`);
  const differ = editions.filter((e) => hasErrors(e.problems)).length;
  if (summary) {
    const line =
      language === 'sv'
        ? differ === 0
          ? `Alla ${editions.length} utgåvor stämmer med sina edition.json.`
          : `${differ} av ${editions.length} utgåvor stämmer inte med sina edition.json.`
        : differ === 0
          ? `All ${editions.length} editions match their edition.json.`
          : `${differ} of ${editions.length} editions do not match their edition.json.`;
    process.stdout.write(`${line}\n`);
  }
  return differ > 0 || hasErrors(stray) ? 1 : 0;
}
