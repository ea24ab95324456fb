/**
 * The rules, unchanged, over CDK models: findings on the prop or argument, fixes that edit the code in
 * its own terms (TypeScript and Python), shared props objects, and `ownless-ignore` comments.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCodeParsers } from '../../../src/core/code/parsers';
import { cdkLineDirectives, readCdk } from '../../../src/core/formats/cdk';
import { applyFixes } from '../../../src/core/fix/apply';
import { LineIndex } from '../../../src/core/parse/ast';
import { RULES } from '../../../src/core/rules';
import { applyLineDirectives } from '../../../src/core/suppressions';
import type { Finding } from '../../../src/core/rules/types';
import { lintModel } from '../../helpers/lint-model';
import { dedent } from '../../helpers/rule-tester';

beforeAll(() => initCodeParsers());

const KNOWN = new Set(RULES.map((r) => r.meta.id));

function lint(text: string, rule: string, path = '/app/lib/stack.ts'): { text: string; findings: Finding[] } {
  const source = dedent(text);
  const read = readCdk(source, path);
  if (read.kind !== 'cdk') throw new Error(read.kind);
  const findings = lintModel(read.model, new LineIndex(source), { only: [rule] });
  return { text: source, findings: applyLineDirectives(findings, cdkLineDirectives(read, KNOWN)) };
}

const fixed = (text: string, findings: Finding[]) => applyFixes(text, findings, () => true).text;

const TS_HEAD = `
  import * as cdk from 'aws-cdk-lib';
  import * as lambda from 'aws-cdk-lib/aws-lambda';
  import * as sqs from 'aws-cdk-lib/aws-sqs';
  import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'S');
`;

describe('limits', () => {
  it('memory-budget: on the prop, set in place', () => {
    const { text, findings } = lint(
      `${TS_HEAD}
      new lambda.Function(stack, 'Big', {
        runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a'),
        memorySize: 10240, // the biggest
        timeout: cdk.Duration.seconds(10),
      });
      `,
      'limits/memory-budget',
    );
    expect(findings.map((f) => [f.functions, f.range.start.line, f.message])).toEqual([
      [['S/Big'], 9, expect.stringContaining('memorySize')],
    ]);
    expect(fixed(text, findings)).toContain('memorySize: 3008, // the biggest');
  });

  it('timeout-budget: Duration.minutes(15) becomes Duration.seconds(60); a constant is never overwritten', () => {
    const { text, findings } = lint(
      `${TS_HEAD}
      const LONG = cdk.Duration.minutes(15);
      new lambda.Function(stack, 'A', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a'), memorySize: 128, timeout: cdk.Duration.minutes(15) });
      new lambda.Function(stack, 'B', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a'), memorySize: 128, timeout: LONG });
      `,
      'limits/timeout-budget',
    );
    expect(findings.map((f) => [f.functions, f.fixes.length])).toEqual([
      [['S/A'], 1],
      [['S/B'], 0],
    ]);
    expect(fixed(text, findings)).toContain('timeout: cdk.Duration.seconds(60) });');
  });

  it("explicit-limits inserts Lambda's defaults in the code's own terms (TypeScript and Python)", () => {
    const ts = lint(
      `${TS_HEAD}
      new lambda.Function(stack, 'A', {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'i.h',
        code: lambda.Code.fromAsset('a'),
      });
      `,
      'limits/explicit-limits',
    );
    expect(ts.findings[0].message).toBe(
      'S/A has no explicit timeout and memorySize: Lambda defaults to 3 s and 128 MB.',
    );
    // One per line, at the props' indentation.
    expect(fixed(ts.text, ts.findings)).toMatch(
      /\n( +)code: lambda\.Code\.fromAsset\('a'\),\n\1timeout: cdk\.Duration\.seconds\(3\),\n\1memorySize: 128,\n +\}\);/,
    );
    const py = lint(
      `
      from aws_cdk import App, Duration, Stack, aws_lambda as lambda_
      app = App()
      stack = Stack(app, "P")
      lambda_.Function(stack, "Fn", runtime=lambda_.Runtime.PYTHON_3_12, handler="i.h", code=lambda_.Code.from_asset("a"))
      `,
      'limits/explicit-limits',
      '/app/app.py',
    );
    expect(py.findings[0].message).toContain('no explicit timeout and memory_size');
    expect(fixed(py.text, py.findings)).toContain(
      'code=lambda_.Code.from_asset("a"), timeout=Duration.seconds(3), memory_size=128)',
    );
  });
});

describe('presence', () => {
  it('no-vpc: a vpc construct of the file attaches; the fix removes the prop with its line', () => {
    const { text, findings } = lint(
      `${TS_HEAD}
      import * as ec2 from 'aws-cdk-lib/aws-ec2';
      const vpc = new ec2.Vpc(stack, 'Vpc');
      new lambda.Function(stack, 'A', {
        runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a'),
        vpc,
        memorySize: 128,
      });
      `,
      'network/no-vpc',
    );
    expect(findings.map((f) => f.messageId)).toEqual(['vpc']);
    expect(fixed(text, findings)).toMatch(/code: lambda\.Code\.fromAsset\('a'\),\n +memorySize: 128,/);
  });

  it('no-public-url: authType NONE becomes AWS_IAM in place (Python too); no authType is IAM', () => {
    const ts = lint(
      `${TS_HEAD}
      const fn = new lambda.Function(stack, 'A', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a') });
      fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
      const other = new lambda.Function(stack, 'B', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a') });
      other.addFunctionUrl();
      `,
      'network/no-public-url',
    );
    expect(ts.findings.map((f) => f.functions)).toEqual([['S/A']]);
    expect(fixed(ts.text, ts.findings)).toContain('authType: lambda.FunctionUrlAuthType.AWS_IAM');
    const py = lint(
      `
      from aws_cdk import App, Stack, aws_lambda as lambda_
      app = App()
      stack = Stack(app, "P")
      fn = lambda_.Function(stack, "Fn", runtime=lambda_.Runtime.PYTHON_3_12, handler="i.h", code=lambda_.Code.from_asset("a"))
      fn.add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)
      `,
      'network/no-public-url',
      '/app/app.py',
    );
    expect(fixed(py.text, py.findings)).toContain('auth_type=lambda_.FunctionUrlAuthType.AWS_IAM');
  });
});

describe('queues and schedules', () => {
  it('queue-visibility: inserts visibilityTimeout into the queue props, or sets it', () => {
    const { text, findings } = lint(
      `${TS_HEAD}
      const q = new sqs.Queue(stack, 'Q');
      const fn = new lambda.Function(stack, 'A', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a'), timeout: cdk.Duration.seconds(30), memorySize: 128 });
      fn.addEventSource(new SqsEventSource(q));
      `,
      'resilience/queue-visibility',
    );
    expect(findings.map((f) => f.data)).toEqual([expect.objectContaining({ queue: 'S/Q', needed: 180 })]);
    expect(fixed(text, findings)).toContain(
      "new sqs.Queue(stack, 'Q', { visibilityTimeout: cdk.Duration.seconds(180) });",
    );
  });

  it('no-keep-warm: a 5-minute rule whose input says warm', () => {
    const { findings } = lint(
      `${TS_HEAD}
      import * as events from 'aws-cdk-lib/aws-events';
      import * as targets from 'aws-cdk-lib/aws-events-targets';
      const fn = new lambda.Function(stack, 'A', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a') });
      new events.Rule(stack, 'Ping', {
        schedule: events.Schedule.rate(cdk.Duration.minutes(5)),
        targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ warmer: true }) })],
      });
      `,
      'idle/no-keep-warm',
    );
    expect(findings.map((f) => [f.data?.expression, f.functions])).toEqual([['rate(5 minutes)', ['S/A']]]);
  });
});

describe('suppressions', () => {
  it('an ownless-ignore comment above the prop (or # in Python) suppresses; one inside a string does not', () => {
    const ts = lint(
      `${TS_HEAD}
      new lambda.Function(stack, 'A', {
        runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a'),
        // ownless-ignore limits/memory-budget: video transcoding needs the vCPUs
        memorySize: 10240,
      });
      new lambda.Function(stack, 'B', {
        runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromAsset('a'),
        description: '// ownless-ignore limits/memory-budget: not a comment', memorySize: 10240,
      });
      `,
      'limits/memory-budget',
    );
    expect(ts.findings.map((f) => f.functions)).toEqual([['S/B']]);
    const py = lint(
      `
      from aws_cdk import App, Stack, aws_lambda as lambda_
      app = App()
      stack = Stack(app, "P")
      lambda_.Function(stack, "Fn", runtime=lambda_.Runtime.PYTHON_3_12, handler="i.h", code=lambda_.Code.from_asset("a"),
          memory_size=10240)  # ownless-ignore limits/memory-budget: measured
      `,
      'limits/memory-budget',
      '/app/app.py',
    );
    expect(py.findings).toEqual([]);
  });
});
