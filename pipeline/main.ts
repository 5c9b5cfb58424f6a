// What bin/handlingar.js runs: the command line with the process's arguments.
import { main } from './cli.ts';

// A reader that stops early (`handlingar build | head`) is not an error: the command goes on, unheard, and ends as it would.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.exitCode = 2;
  });
}

// Ctrl-C, a service manager's stop or a closed terminal: every command ends the same clean way. Exiting runs what each part
// of the program left to be done at exit: Chromium killed and its profile removed, temporary files removed, the lock released.
const english = process.argv.some((arg, i) => arg === '--lang=en' || (arg === '--lang' && process.argv[i + 1] === 'en'));
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    process.stderr.write(
      english ? '\nhandlingar: stopped; no half-written file was left behind.\n' : '\nhandlingar: avbrutet; inga halvskrivna filer lämnades kvar.\n',
    );
    process.exit(code);
  });
}

const code = await main(process.argv.slice(2));
process.exitCode ??= code;
// Ends when the command is done, once what it wrote has reached the terminal: nothing left behind (a connection to a
// --browser-url that never answered, say) may keep the process alive after it has said what it had to say.
process.stdout.write('', () => process.stderr.write('', () => process.exit()));
