/** The CDK adapter's model: imports under any name, values, shared props, construct paths, cdk.json. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCodeParsers } from '../../../src/core/code/parsers';
import { type CdkSemantics, mightBeCdk, readCdk } from '../../../src/core/formats/cdk';
import { asNumber, asString } from '../../../src/core/model/values';
import { dedent } from '../../helpers/rule-tester';

beforeAll(() => initCodeParsers());

function model(text: string, path = '/app/lib/stack.ts', files: Record<string, string> = {}): CdkSemantics {
  const read = readCdk(dedent(text), path, { readFile: (p) => files[p] });
  if (read.kind !== 'cdk') throw new Error(read.kind);
  return read.model;
}

const fn = (m: CdkSemantics, id: string) => {
  const found = m.functions.find((f) => f.id === id);
  if (!found) throw new Error(`no ${id} in ${m.functions.map((f) => f.id).join(', ')}`);
  return found;
};

describe('recognition', () => {
  it('reads code that imports the CDK, under whatever name', () => {
    const m = model(`
      import { aws_lambda as fns, Duration } from 'aws-cdk-lib';
      import * as cdk from 'aws-cdk-lib';
      const { Function: Fn, Runtime } = require('aws-cdk-lib/aws-lambda');
      const app = new cdk.App();
      const s = new cdk.Stack(app, 'S');
      new fns.Function(s, 'A', { runtime: fns.Runtime.NODEJS_22_X, handler: 'a.h', code: fns.Code.fromAsset('a'), memorySize: 256 });
      new cdk.aws_lambda.Function(s, 'B', { runtime: Runtime.PYTHON_3_12, handler: 'b.h', code: fns.Code.fromInline('x'), timeout: Duration.minutes(2) });
      new Fn(s, 'C', { runtime: Runtime.JAVA_21, handler: 'c', code: fns.Code.fromAsset('c') });
    `);
    expect(m.functions.map((f) => f.id)).toEqual(['S/A', 'S/B', 'S/C']);
    expect(asNumber(fn(m, 'S/A').value('memory'))).toBe(256);
    expect(asString(fn(m, 'S/B').value('runtime'))).toBe('python3.12');
    expect(asNumber(fn(m, 'S/B').value('timeout'))).toBe(120);
    expect(asString(fn(m, 'S/C').value('runtime'))).toBe('java21');
    expect(m.format.nameOf('memory')).toBe('memorySize');
  });

  it('reads Python modules imported as aliases, with snake_case names', () => {
    const m = model(
      `
      import aws_cdk.aws_lambda as lambda_
      from aws_cdk import App, Stack, Size
      app = App()
      stack = Stack(app, "Py")
      lambda_.Function(stack, "Fn", runtime=lambda_.Runtime.PYTHON_3_13, handler="i.h",
          code=lambda_.Code.from_asset("src"), ephemeral_storage_size=Size.gibibytes(4))
      `,
      '/app/app.py',
    );
    expect(m.functions.map((f) => f.id)).toEqual(['Py/Fn']);
    expect(asNumber(fn(m, 'Py/Fn').value('ephemeralStorage'))).toBe(4096);
    expect(fn(m, 'Py/Fn').setting('ephemeralStorage')?.name).toBe('ephemeral_storage_size');
    expect(m.format.nameOf('memory')).toBe('memory_size');
  });

  it('leaves out code that does not import the CDK', () => {
    expect(readCdk("import x from 'y';\nnew x.Function(this, 'A', {});\n", '/a.ts').kind).toBe('notCdk');
    expect(readCdk('# aws_cdk mentioned in a comment\nprint(1)\n', '/a.py').kind).toBe('notCdk');
    expect(mightBeCdk('/a/template.yaml', 'aws-cdk-lib')).toBe(false);
    expect(mightBeCdk('/a/stack.ts', "import * as cdk from 'aws-cdk-lib';")).toBe(true);
  });
});

describe('values', () => {
  let m: CdkSemantics;
  beforeAll(() => {
    m = model(`
    import * as lambda from 'aws-cdk-lib/aws-lambda';
    import { Duration, Stack } from 'aws-cdk-lib';
    const MEMORY = 1024;
    const shared = { memorySize: 512, timeout: Duration.seconds(10) };
    export class S extends Stack {
      constructor(scope: any, id: string, props: { vpc: any; memory: number }) {
        super(scope, id);
        new lambda.Function(this, 'Shared1', { ...shared, handler: 'a.h', runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromAsset('a') });
        new lambda.Function(this, 'Shared2', { ...shared, memorySize: MEMORY, handler: 'a.h', runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromAsset('a') });
        new lambda.Function(this, 'Passed', { ...props, handler: 'a.h', runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromAsset('a'), vpc: props.vpc, memorySize: this.node.tryGetContext('memory') });
      }
    }
  `);
  });

  it('groups a prop of a spread props object as one setting naming each function', () => {
    const timeouts = m.settings('timeout');
    expect(
      timeouts.map((s) => [s.site.inheritedFrom, s.functions.map((f) => f.id), asNumber(s.value)]),
    ).toEqual([['shared', ['Shared1', 'Shared2'], 10]]);
    const memory = m
      .settings('memory')
      .map((s) => [s.site.inheritedFrom, s.functions.map((f) => f.id), s.value]);
    expect(memory).toEqual([
      ['shared', ['Shared1'], { kind: 'literal', value: 512 }],
      [undefined, ['Shared2'], { kind: 'indirect', value: 1024, via: 'MEMORY' }],
      [
        undefined,
        ['Passed'],
        { kind: 'dynamic', reason: "`this.node.tryGetContext('memory')` is read from the CDK context" },
      ],
    ]);
  });

  it('says why a value is dynamic, and keeps a present one present', () => {
    const passed = fn(m, 'Passed');
    expect(passed.value('vpc')).toEqual({
      kind: 'dynamic',
      reason: '`props.vpc` is passed in by the caller',
    });
    // `...props` may hold anything: rules that report absences stay quiet.
    expect(passed.incomplete).toBe(true);
    expect(fn(m, 'Shared1').incomplete).toBe(false);
  });
});

describe('construct paths and the project', () => {
  const stack = `
    import { Stack } from 'aws-cdk-lib';
    import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
    import { Construct } from 'constructs';
    class Workers extends Construct {
      constructor(scope: Construct, id: string) {
        super(scope, id);
        new NodejsFunction(this, 'Worker', { entry: 'src/w.ts' });
      }
    }
    export class OrdersStack extends Stack {
      constructor(scope: Construct, id: string) {
        super(scope, id);
        new Workers(this, 'Pool');
      }
    }
  `;
  const files = {
    '/app/cdk.json': JSON.stringify({
      app: 'npx ts-node --prefer-ts-exts bin/orders.ts',
      context: { '@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion': true },
    }),
    '/app/bin/orders.ts':
      "import * as cdk from 'aws-cdk-lib';\nimport { OrdersStack } from '../lib/stack';\nconst app = new cdk.App();\nnew OrdersStack(app, 'Orders');\n",
  };

  it("takes the stack's id from the app's entry file named by cdk.json", () => {
    const m = model(stack, '/app/lib/stack.ts', files);
    expect(m.functions.map((f) => f.id)).toEqual(['Orders/Pool/Worker']);
  });

  it("falls back to the construct id, and reads NodejsFunction's runtime from the feature flag", () => {
    const alone = model(stack, '/app/lib/stack.ts');
    expect(alone.functions.map((f) => f.id)).toEqual(['Worker']);
    expect(asString(alone.functions[0].value('runtime'))).toBe('nodejs16.x');
    const flagged = model(stack, '/app/lib/stack.ts', files);
    expect(asString(flagged.functions[0].value('runtime'))).toBe('nodejs24.x');
    expect(asString(flagged.functions[0].value('handler'))).toBe('index.handler');
  });

  it('gives the code folder of Code.fromAsset relative to the file (asset paths start at the app folder)', () => {
    const m = model(
      `
      import * as lambda from 'aws-cdk-lib/aws-lambda';
      import * as path from 'path';
      import { Stack } from 'aws-cdk-lib';
      export class S extends Stack {
        constructor(scope: any, id: string) {
          super(scope, id);
          new lambda.Function(this, 'A', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('lambda/a') });
          new lambda.Function(this, 'B', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset(path.join(__dirname, '../lambda/b')) });
        }
      }
      `,
      '/app/lib/stack.ts',
      { '/app/cdk.json': '{"app":"node bin/app.js"}' },
    );
    expect(m.functions.map((f) => f.codeFolder)).toEqual(['../lambda/a', '../lambda/b']);
  });
});
