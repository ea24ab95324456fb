import { defineConfig } from 'vitest/config';

// `npm run test:oracles`: the suites that compare Ownless's models with the tools that define the
// formats (test/oracles/): `sls package` of the Serverless Framework and `cdk synth` of the AWS CDK,
// installed outside package.json by scripts/install-oracles.sh. Without it they are skipped, or fail
// when OWNLESS_REQUIRE_ORACLES=1 (CI).
export default defineConfig({
  test: {
    include: ['test/oracles/**/*.test.ts'],
    testTimeout: 180_000,
    pool: 'forks',
  },
});
