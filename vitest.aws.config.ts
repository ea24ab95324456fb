import { defineConfig } from 'vitest/config';
import { missingAwsTools } from './test/aws/tools';

// `npm run test:aws`: the suites that run against programs npm does not install (test/aws/):
// moto_server, a local AWS API emulator, and the AWS CLI. Without them the run stops here, before any
// test, naming what is missing and how to install it (test/aws/tools.ts); `.ci/run` installs them.
const missing = missingAwsTools();
if (missing) {
  process.stderr.write(`\n${missing}\n\n`);
  process.exit(1);
}

export default defineConfig({
  test: {
    include: ['test/aws/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
