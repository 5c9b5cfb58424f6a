import { relative, resolve } from 'node:path';
import { defaultOutputDir, defaultSourcesDir } from '../core/paths.ts';
import { forTerminal } from '../core/text.ts';
import { type CommandModule, editionsDirFor, optionsOf, positiveInteger } from './command.ts';

/** `handlingar watch`: a live preview on localhost, and the PDFs rebuilt in the background on every save. */
export const watchCommand: CommandModule = (program) => {
  program
    .command('watch')
    .description('Serve a live HTML preview of every document on localhost; rebuild the PDFs in the background when a source, template or style is saved.')
    .option('--sources <dir>', 'folder with the sources', defaultSourcesDir)
    .option('--out <dir>', 'folder for the PDFs', defaultOutputDir)
    .option('--editions <dir>', 'archive of editions, read so that no final edition is built over (default: editions/ beside the sources folder)')
    .option('--port <port>', 'port on 127.0.0.1', positiveInteger, 4173)
    .action(async (_options, command) => {
      const options = optionsOf<{ sources: string; out: string; editions?: string; port: number }>(command);
      // Said at once, before the preview's modules load (a second on a busy machine): a start never looks like a hang.
      const watched = relative(process.cwd(), resolve(options.sources)) || '.';
      process.stdout.write(
        options.lang === 'sv' ? `Bevakar ${forTerminal(watched)}/ och mallarna …\n` : `Watching ${forTerminal(watched)}/ and the templates …\n`,
      );
      const { startWatch } = await import('../orchestrate/preview-server.ts');
      const server = await startWatch({
        sourcesDir: resolve(options.sources),
        outDir: resolve(options.out),
        editionsDir: editionsDirFor(resolve(options.sources), options.editions),
        port: options.port,
        language: options.lang,
        announce: false,
        log: (line) => process.stdout.write(`${forTerminal(line)}\n`),
      });
      const url = `http://127.0.0.1:${server.port}/`;
      process.stdout.write(options.lang === 'sv' ? `Förhandsvisning: ${url}  (Ctrl-C avslutar)\n` : `Preview: ${url}  (Ctrl-C stops)\n`);
      // Serves until a signal ends the process (see main.ts), which takes the browser with it.
      await new Promise<never>(() => undefined);
    });
};
