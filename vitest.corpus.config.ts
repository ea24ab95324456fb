import { defineConfig } from 'vitest/config';

// `npm run test:corpus`: the suites that read the shared corpus of real templates (test/corpus/), found
// through OWNLESS_CORPUS or at ../shared/corpus; without it they fail, naming the variable.
export default defineConfig({
  test: {
    include: ['test/corpus/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
