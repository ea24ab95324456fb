import { configDefaults, defineConfig } from 'vitest/config';

// `npm test`: every suite that needs nothing but the repository. The suites under test/corpus/ read
// the shared corpus of real templates and run with `npm run test:corpus` (vitest.corpus.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/corpus/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
