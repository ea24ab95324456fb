/** Variables resolved where the answer is in the project, and dynamic otherwise (never guessed, never run). */
import { describe, expect, it } from 'vitest';
import { readServerless } from '../../../src/core/formats/serverless';
import { findVariables } from '../../../src/core/formats/serverless/variable-syntax';
import type { Value } from '../../../src/core/model/types';
import { dedent } from '../../helpers/rule-tester';

/** The value of `functions.f.timeout` in a service with the given extra top-level text. */
function timeoutOf(timeout: string, extra = '', files: Record<string, string> = {}): Value | undefined {
  const text = dedent(`
    service: vars
    ${extra.replace(/\n/g, '\n    ')}
    functions:
      f:
        handler: h.f
        timeout: ${timeout}
  `);
  const { model, doc } = readServerless(text, '/project/svc/serverless.yml', {
    readFile: (path) => files[path],
    projectDir: '/project',
  });
  expect(doc.problems).toEqual([]);
  return model!.functions[0].value('timeout');
}

const PROVIDER = 'provider:\n  name: aws';

describe('variable syntax', () => {
  it('leaves CloudFormation substitutions alone', () => {
    expect(findVariables('arn:aws:s3:::${AWS::Region}-${Bucket}')).toEqual([]);
    expect(findVariables("${opt:stage, 'dev'}")[0].sources).toEqual([
      { kind: 'typed', type: 'opt', params: undefined, address: 'stage' },
      { kind: 'literal', value: 'dev' },
    ]);
    expect(findVariables('${self:custom.${opt:stage}}')[0].sources).toEqual([
      { kind: 'typed', type: 'self', params: undefined, address: 'custom.${opt:stage}' },
    ]);
    expect(findVariables('\\${self:x}')).toEqual([]);
  });
});

describe('resolution', () => {
  it('self, nested, with the type kept when the variable is the whole value', () => {
    const extra = `${PROVIDER}\ncustom:\n  t:\n    dev: 20\n    prod: 30`;
    expect(timeoutOf("${self:custom.t.${opt:stage, 'dev'}}", extra)).toMatchObject({
      kind: 'indirect',
      value: 20,
    });
  });

  it('sls:stage is provider.stage, else dev; aws:region provider.region, else us-east-1', () => {
    const extra = `${PROVIDER}\n  stage: prod\ncustom:\n  t:\n    prod: 40`;
    expect(timeoutOf('${self:custom.t.${sls:stage}}', extra)).toMatchObject({ value: 40 });
    const region = readServerless(
      'service: s\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: ${aws:region}-${sls:stage}.f\n',
      'serverless.yml',
    ).model!.functions[0].value('handler');
    expect(region).toMatchObject({ kind: 'indirect', value: 'us-east-1-dev.f' });
  });

  it('env takes its fallback and says the environment decides; without one it is dynamic', () => {
    const withFallback = timeoutOf('${env:TIMEOUT, 15}', PROVIDER);
    expect(withFallback).toMatchObject({ kind: 'indirect', value: 15 });
    expect((withFallback as { via: string }).via).toMatch(/depends on the environment/);
    expect(timeoutOf('${env:TIMEOUT}', PROVIDER)).toMatchObject({ kind: 'dynamic' });
  });

  it('opt without a fallback, ssm, cf, s3, param and aws:accountId are dynamic', () => {
    for (const v of [
      '${opt:timeout}',
      '${ssm:/app/timeout}',
      '${cf:stack.Out}',
      '${s3:b/k}',
      '${param:t}',
      '${aws:accountId}',
    ])
      expect(timeoutOf(v, PROVIDER), v).toMatchObject({ kind: 'dynamic' });
  });

  it('strToBool', () => {
    const { model } = readServerless(
      'service: s\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n    url: ${strToBool(true)}\n',
      'serverless.yml',
    );
    expect(model!.functions[0].value('url')).toEqual({ kind: 'literal', value: true });
  });

  it('reads YAML and JSON files inside the project, never code, missing files or files outside', () => {
    const files = {
      '/project/svc/limits.yml': 'timeout: 25\nnested:\n  t: ${self:custom.t}\n',
      '/project/shared.json': '{ "timeout": 35 }',
      '/outside.yml': 'timeout: 1',
    };
    const extra = `${PROVIDER}\ncustom:\n  t: 45`;
    expect(timeoutOf('${file(./limits.yml):timeout}', extra, files)).toMatchObject({ value: 25 });
    expect(timeoutOf('${file(limits.yml):nested.t}', extra, files)).toMatchObject({ value: 45 });
    expect(timeoutOf('${file(../shared.json):timeout}', extra, files)).toMatchObject({ value: 35 });
    expect(timeoutOf('${file(../../outside.yml):timeout}', extra, files)).toMatchObject({ kind: 'dynamic' });
    expect(timeoutOf('${file(./limits.js):timeout}', extra, files)).toMatchObject({ kind: 'dynamic' });
    expect(timeoutOf('${file(./missing.yml):timeout}', extra, files)).toMatchObject({ kind: 'dynamic' });
    expect(timeoutOf('${file(./missing.yml):timeout, 9}', extra, files)).toMatchObject({ value: 9 });
  });

  it('a cycle is dynamic, not a hang', () => {
    expect(
      timeoutOf('${self:custom.a}', `${PROVIDER}\ncustom:\n  a: \${self:custom.b}\n  b: \${self:custom.a}`),
    ).toMatchObject({
      kind: 'dynamic',
    });
  });
});
