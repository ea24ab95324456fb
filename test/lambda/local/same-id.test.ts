/**
 * Two templates with the same logical id (`sam init` names every function HelloWorldFunction): both
 * run, the second under a name of its own, and each runs its own code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalRuntime } from '../../../src/lambda/local';
import { json, parentEnv } from './helpers';

let dir: string;
let runtime: LocalRuntime;
const templates: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ownless-same-id-'));
  for (const app of ['first', 'second']) {
    mkdirSync(join(dir, app));
    writeFileSync(join(dir, app, 'index.js'), `exports.handler = async () => ({ app: '${app}' });\n`);
    const template = join(dir, app, 'template.yaml');
    writeFileSync(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  HelloWorldFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { CodeUri: ., Handler: index.handler, Runtime: nodejs20.x }',
      ].join('\n'),
    );
    templates.push(template);
  }
  runtime = await LocalRuntime.start({ templates, env: parentEnv(), prewarm: 0 });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('runs both, the second by a name of its own, and says which', async () => {
  const functions = runtime.functions().filter((f) => f.logicalId === 'HelloWorldFunction');
  expect(functions.map((f) => [f.templatePath, f.name])).toEqual([
    [templates[0], 'HelloWorldFunction'],
    [templates[1], 'HelloWorldFunction-2'],
  ]);
  expect(runtime.warnings.join('\n')).toContain('invoke it locally as HelloWorldFunction-2');
  expect(json((await runtime.invoke('HelloWorldFunction')).payload)).toEqual({ app: 'first' });
  expect(json((await runtime.invoke('HelloWorldFunction-2')).payload)).toEqual({ app: 'second' });
});
