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
    expect(timeouts.map((s) => [s.site.inheritedFrom, s.functions.map((f) => f.id), asNumber(s.value)])).toEqual([
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
