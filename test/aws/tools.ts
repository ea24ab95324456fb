/**
 * What `npm run test:aws` needs besides the repository: the suites under test/aws/ run against programs
 * that `npm ci` does not install, moto_server (a local AWS API emulator) and the AWS CLI. When either is
 * not on PATH, vitest.aws.config.ts stops the run as it loads, before any test, naming what is missing
 * and how to get it; nothing is skipped.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The tools, with the suites that need them and how to install them (as .ci/run does when missing). */
export const AWS_TOOLS = [
  {
    name: 'moto_server',
    what: 'a local AWS API emulator, for test/aws/{moto,moto-auth,cli}.test.ts',
    install: "python3 -m pip install 'moto[server]'",
  },
  {
    name: 'aws',
    what: 'the AWS CLI, for test/aws/serve-cli.test.ts',
    install: "python3 -m pip install awscli, or Debian's awscli package (apt-get install awscli)",
  },
];

/** The full path of an executable file called `name` in one of PATH's folders, else undefined. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, name);
    try {
      accessSync(full, constants.X_OK);
      if (statSync(full).isFile()) return full;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** What is missing, with how to install it, in words; undefined when every tool is on PATH. */
export function missingAwsTools(): string | undefined {
  const missing = AWS_TOOLS.filter((tool) => !onPath(tool.name));
  if (missing.length === 0) return undefined;
  return [
    `npm run test:aws needs ${missing.map((tool) => tool.name).join(' and ')}, not on PATH:`,
    ...missing.map((tool) => `  - ${tool.name}: ${tool.what}. Install: ${tool.install}`),
    '.ci/run installs them when they are missing. npm test needs neither.',
  ].join('\n');
}
