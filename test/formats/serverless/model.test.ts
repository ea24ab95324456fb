/** The Serverless Framework adapter's model: provider inheritance, defaults, vpc, events, resources. */
import { describe, expect, it } from 'vitest';
import { readServerless } from '../../../src/core/formats/serverless';
import type { ServerlessSemantics } from '../../../src/core/formats/serverless';
import { asNumber, asString } from '../../../src/core/model/values';
import { dedent } from '../../helpers/rule-tester';

function model(text: string, files: Record<string, string> = {}): ServerlessSemantics {
  const { model } = readServerless(dedent(text), '/project/serverless.yml', {
    readFile: (path) => files[path],
  });
  if (!model) throw new Error('not a service');
  return model;
}

function fn(m: ServerlessSemantics, id: string) {
  const found = m.functions.find((f) => f.id === id);
  if (!found) throw new Error(`no function ${id}`);
  return found;
}

describe('recognition', () => {
  it('reads only AWS services', () => {
    expect(readServerless('service: a\nprovider:\n  name: google\n', 'serverless.yml').model).toBeNull();
    expect(readServerless('service: a\nprovider:\n  name: aws\n', 'serverless.yml').model).not.toBeNull();
  });
});

describe('settings', () => {
  const m = model(`
    service: orders
    provider:
      name: aws
      runtime: nodejs20.x
      memorySize: 512
      timeout: 10
    functions:
      create:
        handler: src/orders.create
        timeout: 20
      list:
        handler: src/orders.list
  `);

  it('takes provider settings with inheritedFrom provider, and groups them', () => {
    const memory = m.settings('memory');
    expect(memory).toHaveLength(1);
    expect(memory[0].site.inheritedFrom).toBe('provider');
    expect(memory[0].functions.map((f) => f.id)).toEqual(['create', 'list']);
    expect(memory[0].name).toBe('memorySize');
    const timeouts = m.settings('timeout');
    expect(
      timeouts.map((s) => [s.site.inheritedFrom, s.functions.map((f) => f.id), asNumber(s.value)]),
    ).toEqual([
      [undefined, ['create'], 20],
      ['provider', ['list'], 10],
    ]);
    expect(asString(fn(m, 'list').value('runtime'))).toBe('nodejs20.x');
  });

  it("has the framework's defaults", () => {
    expect(m.format.defaults).toEqual({ timeout: 6, memory: 1024, appliedBy: 'the Serverless Framework' });
    expect(m.format.nameOf('memory')).toBe('memorySize');
  });
});

describe('problems and programs', () => {
  it('a syntax error is a located problem, and the rest is still read', () => {
    const text =
      'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    timeout: [1, 2\n  b:\n    handler: h.b\n    timeout: 5\n';
    const { doc, model } = readServerless(text, 'serverless.yml');
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(model!.functions.map((f) => f.id)).toContain('b');
    expect(asNumber(fn(model!, 'b').value('timeout'))).toBe(5);
    expect(fn(model!, 'a').incomplete).toBe(true);
  });

  it('serverless.ts and .js are named, not analysed', async () => {
    const { notAnalysedMessage, isServerlessConfigPath } =
      await import('../../../src/core/formats/serverless');
    expect(notAnalysedMessage('/p/serverless.ts')).toMatch(/serverless\.ts is a program/);
    expect(notAnalysedMessage('/p/serverless.yml')).toBeUndefined();
    expect(isServerlessConfigPath('/p/serverless.json')).toBe(true);
  });
});

describe('vpc, as functions.js merges it', () => {
  const m = model(`
    service: s
    provider:
      name: aws
      vpc:
        securityGroupIds: [sg-1]
    functions:
      partialProvider:
        handler: h.a
      completes:
        handler: h.b
        vpc:
          subnetIds: [subnet-1]
      off:
        handler: h.c
        vpc: false
  `);

  it('attaches nothing without both parts, merges parts, honours false', () => {
    expect(fn(m, 'partialProvider').value('vpc')).toEqual({ kind: 'literal', value: null });
    expect(fn(m, 'completes').value('vpc')).toMatchObject({
      kind: 'indirect',
      value: { securityGroupIds: ['sg-1'], subnetIds: ['subnet-1'] },
    });
    expect(fn(m, 'off').value('vpc')).toEqual({ kind: 'literal', value: null });
  });
});
