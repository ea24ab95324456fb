/**
 * Shared setup of the AWS tests: fake credentials in the environment, and code folders to deploy. The
 * moto_server harness, for the suites that run against it (`npm run test:aws`), is test/aws/moto.ts.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_LAMBDA',
  'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];

export const FAKE_ACCESS_KEY_ID = 'AKIAOWNLESSTESTKEY01';
export const FAKE_SECRET = 'ownless-test-secret-value-that-must-never-be-printed';

/**
 * Fake credentials in the environment, and config files in a fresh folder, so the developer's own
 * ~/.aws is never read. Returns the folder and a function that puts everything back.
 */
export function useFakeAwsEnvironment(settings: Record<string, string> = {}): {
  dir: string;
  restore(): void;
} {
  const saved = new Map(AWS_VARIABLES.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(join(tmpdir(), 'ownless-aws-test-'));
  for (const name of AWS_VARIABLES) delete process.env[name];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    // The SDK's notice about Node.js 20 says nothing about the code under test.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...settings,
  });
  return {
    dir,
    restore: () => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type FileSpec = string | { content: string; mode: number };

/** Writes files (paths with `/`) under `root`; returns it. */
export function writeFiles(root: string, files: Record<string, FileSpec>): string {
  for (const [path, spec] of Object.entries(files)) {
    const full = join(root, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    const content = typeof spec === 'string' ? spec : spec.content;
    writeFileSync(full, content);
    chmodSync(full, typeof spec === 'string' ? 0o644 : spec.mode);
  }
  return root;
}

export function tempDir(prefix = 'ownless-aws-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A SAM template with one Node.js function whose code is in `codeUri`. */
export function samTemplate(functions: Record<string, Record<string, unknown>>): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
  ];
  for (const [id, properties] of Object.entries(functions)) {
    lines.push(`  ${id}:`, '    Type: AWS::Serverless::Function', '    Properties:');
    for (const [key, value] of Object.entries(properties))
      lines.push(`      ${key}: ${JSON.stringify(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
