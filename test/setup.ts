// Runs before every test file: what the file made in temporary folders is removed when it is done.
import { afterAll } from 'vitest';
import { removeScratchDirs } from './helpers/scratch.ts';

afterAll(removeScratchDirs);
