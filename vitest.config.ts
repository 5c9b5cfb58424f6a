import { defineConfig } from 'vitest/config';

// Unit tests never start a browser; integration tests print real PDFs with
// Chromium and read them back, so they get longer timeouts. Files run one at
// a time: the machine has two cores and Chromium wants both. Every test's
// temporary files go to a folder of the run's own, removed at the end
// (test/global-setup.ts), and each file's as soon as it is done (test/setup.ts).
export default defineConfig({
  test: {
    fileParallelism: false,
    globalSetup: ['test/global-setup.ts'],
    projects: [
      // A file's clean-up (test/setup.ts) once took more than the default 10 s on one busy core, and some unit tests write
      // hundreds of files or compile every schema cold: a slow machine is not a failure.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles: ['test/setup.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], setupFiles: ['test/setup.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
