// A build taking its output folder's lock, as a process of its own: for each
// line "<folder>" on standard input it tries to take that folder's lock at
// once and answers "got" or "no"; the line "release" gives back what it got.
// Two of these, told the same folder at the same moment, race as two builds
// started together would.
import { createInterface } from 'node:readline';
import { tryLockOutput } from '../../pipeline/publish/lock.ts';

const held: (() => void)[] = [];
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'release') {
    for (const unlock of held.splice(0)) unlock();
    process.stdout.write('released\n');
  } else {
    const unlock = tryLockOutput(line);
    if (unlock) held.push(unlock);
    process.stdout.write(unlock ? 'got\n' : 'no\n');
  }
}
