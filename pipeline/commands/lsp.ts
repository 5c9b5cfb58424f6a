import { resolve } from 'node:path';
import { type CommandModule, optionsOf } from './command.ts';

/** `handlingar lsp`: the language server an editor starts, speaking over standard input and output. */
export const lspCommand: CommandModule = (program) => {
  program
    .command('lsp')
    .description(
      "Run a language server for editors over standard input and output: validate's messages as you type, did-you-mean fixes, register ids to complete, the schemas' descriptions on hover.",
    )
    .option('--sources <dir>', 'folder with the sources (default: the folder of each file that has a register.yaml)')
    .option('--stdio', 'speak over standard input and output (always so; accepted because editors pass it)')
    .action(async (_options, command) => {
      const options = optionsOf<{ sources?: string }>(command);
      const { startLanguageServer } = await import('../orchestrate/language-server.ts');
      startLanguageServer({
        language: options.lang,
        ...(options.sources !== undefined && { sourcesDir: resolve(options.sources) }),
        input: process.stdin,
        output: process.stdout,
      });
      // Serves until the editor closes the connection, which ends the process (vscode-languageserver exits then).
      await new Promise<never>(() => undefined);
    });
};
