/**
 * What `npm run test:aws` needs besides the repository: the suites under test/aws/ run against programs
 * that `npm ci` does not install, moto_server (a local AWS API emulator), the AWS CLI and AWS's runtime
 * interface client for Node.js (aws-lambda-ric, built into a cache folder). When one is missing,
 * vitest.aws.config.ts stops the run as it loads, before any test, naming what is missing and how to
 * get it; nothing is skipped.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where scripts/install-aws-lambda-ric.sh puts aws-lambda-ric (keep the two in step). */
export function ricHome(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.OWNLESS_RIC_HOME ??
    join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ownless', 'tools', 'aws-lambda-ric-4.0.2')
  );
}

/** The client's entry point (its `aws-lambda-ric` command), when it is installed. */
export function ricEntry(): string | undefined {
  const entry = join(ricHome(), 'node_modules', 'aws-lambda-ric', 'index.mjs');
  const addon = join(ricHome(), 'node_modules', 'aws-lambda-ric', 'rapid-client.node');
  return existsSync(entry) && existsSync(addon) ? entry : undefined;
}

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
  const lines = missing.map(
    (tool) => `  - ${tool.name} (not on PATH): ${tool.what}. Install: ${tool.install}`,
  );
  if (!ricEntry())
    lines.push(
      `  - aws-lambda-ric (not in ${ricHome()}): AWS's Node.js runtime interface client, for test/aws/ric.test.ts. Install: bash scripts/install-aws-lambda-ric.sh`,
    );
  if (lines.length === 0) return undefined;
  return [
    'npm run test:aws needs what is missing here:',
    ...lines,
    '.ci/run installs them when they are missing. npm test needs none of them.',
  ].join('\n');
}
