/**
 * The rules of runtime/node-isolation.js with a stand-in for Node's resolver, as Node's in-thread hooks
 * (22.15 and later) drive them: the machine running the tests may have an older Node, where the loader
 * thread's copy (node-isolation-hooks.mjs) is what isolation.test.ts exercises.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const isolation = require('../../../src/lambda/local/runtime/node-isolation.js') as {
  confinement(settings: { taskRoot: string; nodePath: string[]; sdkModules?: string }): unknown;
  resolveImport(rules: unknown, specifier: string, context: { parentURL?: string }): unknown;
  resolveSync(
    steps: unknown,
    next: (specifier: string, context: { parentURL?: string }) => { url: string },
  ): {
    url: string;
  };
};

const url = (path: string): string => pathToFileURL(path).href;

/** Node's resolution, walking up from the importing file over a few installed packages. */
const installed: Record<string, string> = {
  '/project/node_modules/lodash': '/project/node_modules/lodash/index.js',
  '/project/node_modules/@aws-sdk/client-s3': '/project/node_modules/@aws-sdk/client-s3/index.js',
  '/project/src/node_modules/own': '/project/src/node_modules/own/index.js',
  '/layer/nodejs/node_modules/shared': '/layer/nodejs/node_modules/shared/index.js',
};
function next(specifier: string, context: { parentURL?: string }): { url: string } {
  if (specifier.startsWith('node:')) return { url: specifier };
  let dir = new URL('.', context.parentURL).pathname.replace(/\/$/, '');
  for (;;) {
    const found = installed[`${dir}/node_modules/${specifier}`];
    if (found) return { url: url(found) };
    if (dir === '' || dir === '/')
      throw Object.assign(new Error(`Cannot find ${specifier}`), { code: 'ERR_MODULE_NOT_FOUND' });
    dir = dir.slice(0, dir.lastIndexOf('/'));
  }
}

const rules = isolation.confinement({
  taskRoot: '/project/src',
  nodePath: ['/layer/nodejs/node_modules'],
  sdkModules: '/project/node_modules',
});
const resolveFrom = (specifier: string, parent = '/project/src/handler.mjs'): string =>
  isolation.resolveSync(isolation.resolveImport(rules, specifier, { parentURL: url(parent) }), next).url;

describe('ES module imports with in-thread hooks', () => {
  it('resolve the code folder’s own packages, the layers’ and the SDK', () => {
    expect(resolveFrom('own')).toBe(url('/project/src/node_modules/own/index.js'));
    expect(resolveFrom('shared')).toBe(url('/layer/nodejs/node_modules/shared/index.js'));
    expect(resolveFrom('@aws-sdk/client-s3')).toBe(url('/project/node_modules/@aws-sdk/client-s3/index.js'));
    expect(resolveFrom('node:fs')).toBe('node:fs');
  });

  it('do not find a package above the code folder, even when Node would', () => {
    expect(() => resolveFrom('lodash')).toThrow(
      /Cannot find module 'lodash' \(required from \/project\/src\/handler\.mjs\)/,
    );
  });

  it('leave imports from elsewhere (the SDK’s own) as Node resolves them', () => {
    expect(resolveFrom('lodash', '/project/node_modules/@aws-sdk/client-s3/index.js')).toBe(
      url('/project/node_modules/lodash/index.js'),
    );
  });

  it('say how to add an SDK client the project does not have', () => {
    expect(() => resolveFrom('@aws-sdk/client-sqs')).toThrow(
      /the AWS SDK for JavaScript v3; locally it comes from \/project\/node_modules, which has no @aws-sdk\/client-sqs\. Add it there: npm install --save-dev @aws-sdk\/client-sqs/,
    );
  });
});
