// What bin/handlingar.js runs: the command line with the process's arguments.
import { main } from './cli.ts';

// A reader that stops early (`handlingar build | head`) is not an error: the command goes on, unheard, and ends as it would.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.exitCode = 2;
  });
}
process.exitCode = await main(process.argv.slice(2));
