import { defineConfig } from 'vitest/config';

// Unit tests never start a browser; integration tests print real PDFs with
// Chromium and read them back, so they get longer timeouts. Files run one at
// a time: the machine has two cores and Chromium wants both.
export default defineConfig({
  test: {
    fileParallelism: false,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
