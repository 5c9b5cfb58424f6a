import { defineConfig } from 'vitest/config';

// Unit tests never start a browser; integration tests print real PDFs with
// Chromium and read them back, so they get longer timeouts and run one file
// at a time (two cores).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
