import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { buildCommand } from './commands/build.ts';
import { checkCommand } from './commands/check.ts';
import type { CommandModule } from './commands/command.ts';
import { diffCommand } from './commands/diff.ts';
import { editionsCommand, verifyCommand } from './commands/editions.ts';
import { lspCommand } from './commands/lsp.ts';
import { nextCommand } from './commands/next.ts';
import { rebuildCommand } from './commands/rebuild.ts';
import { validateCommand } from './commands/validate.ts';
import { watchCommand } from './commands/watch.ts';
import { formatMessage, type Language, MessageError } from './core/message.ts';
import { projectRoot } from './core/paths.ts';

const commands: CommandModule[] = [
  buildCommand,
  validateCommand,
  watchCommand,
  editionsCommand,
  verifyCommand,
  nextCommand,
  rebuildCommand,
  diffCommand,
  checkCommand,
  lspCommand,
];

/** Runs the command line; returns the exit code (0 all good, 1 problems in what was checked, 2 the command itself could not run). */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('handlingar')
    .description('Builds the documents of Södertörnskommunernas kansli from YAML sources into PDFs.')
    .version(version(), '-V, --version', 'print the version and exit')
    .addOption(new Option('--lang <language>', 'language of what the commands say: Swedish or English').choices(['sv', 'en']).default('sv'))
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const register of commands)
    register(program, (code) => {
      exitCode = Math.max(exitCode, code);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const language = program.opts<{ lang?: Language }>().lang ?? 'sv';
    if (error instanceof MessageError) process.stderr.write(`${formatMessage(error.report, language)}\n`);
    else process.stderr.write(`handlingar: ${(error as Error).message}\n`);
    return 2;
  }
}

function version(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
