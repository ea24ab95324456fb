import { configDefaults, defineConfig } from 'vitest/config';

// `npm test`: every suite that needs nothing but the repository (and the python3 of the machine, for
// the local runtime's Python functions). The suites under test/corpus/ read the shared corpus of real
// templates and run with `npm run test:corpus` (vitest.corpus.config.ts); those under test/aws/ need
// moto_server and the AWS CLI and run with `npm run test:aws` (vitest.aws.config.ts); those under
// test/oracles/ need the formats' own tools (scripts/install-oracles.sh) and run with `npm run test:oracles`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/corpus/**', 'test/aws/**', 'test/oracles/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
