/**
 * The rules, unchanged, over serverless.yml models: provider settings give one finding naming every
 * function with related locations, opt-outs are respected, warmers are keep-warm pings, and the fixes
 * edit serverless.yml in its own terms with comments kept.
 */
import { describe, expect, it } from 'vitest';
import { readServerless } from '../../../src/core/formats/serverless';
import { applyFixes } from '../../../src/core/fix/apply';
import type { Finding } from '../../../src/core/rules/types';
import { lintModel } from '../../helpers/lint-model';
import { dedent } from '../../helpers/rule-tester';

function lint(text: string, rule: string): { text: string; findings: Finding[] } {
  const source = dedent(text);
  const { doc, model } = readServerless(source, '/p/serverless.yml');
  expect(doc.problems).toEqual([]);
  return { text: source, findings: lintModel(model!, doc.lines, { only: [rule] }) };
}

const fixed = (text: string, findings: Finding[]) => applyFixes(text, findings, () => true).text;

describe('network/no-vpc', () => {
  const { text, findings } = lint(
    `
    service: s
    provider:
      name: aws
      # the shared network
      vpc:
        securityGroupIds: [sg-1]
        subnetIds: [subnet-1]
    functions:
      a:
        handler: h.a
      b:
        handler: h.b
      out:
        handler: h.out
        vpc: null
    `,
    'network/no-vpc',
  );

  it('reports provider.vpc once, naming the functions that take it, with related locations', () => {
    expect(findings).toHaveLength(1);
    expect(findings[0].functions).toEqual(['a', 'b']);
    expect(findings[0].range.start.line).toBe(4);
    expect(findings[0].related.map((r) => r.message)).toEqual([
      'a takes this setting from provider',
      'b takes this setting from provider',
    ]);
  });

  it('removes provider.vpc, keeping the comment', () => {
    expect(fixed(text, findings)).toContain('  # the shared network\nfunctions:');
  });

  it("cannot remove a function's own vpc under a provider vpc (the provider's would apply)", () => {
    const own = lint(
      `
      service: s
      provider:
        name: aws
        vpc: { securityGroupIds: [sg-1], subnetIds: [subnet-1] }
      functions:
        a:
          handler: h.a
          vpc:
            subnetIds: [subnet-2]
      `,
      'network/no-vpc',
    );
    expect(own.findings.map((f) => [f.functions, f.fixes.length])).toEqual([[['a'], 0]]);
  });
});

describe('limits', () => {
  it("explicit-limits inserts the framework's defaults under the function", () => {
    const { text, findings } = lint(
      `
      service: s
      provider:
        name: aws
      functions:
        a:
          handler: h.a # the handler
      `,
      'limits/explicit-limits',
    );
    expect(findings[0].message).toBe(
      'a has no explicit timeout and memorySize: the Serverless Framework defaults to 6 s and 1024 MB.',
    );
    expect(fixed(text, findings)).toContain(
      '    handler: h.a # the handler\n    timeout: 6\n    memorySize: 1024\n',
    );
  });

  it('timeout-budget: behind http, a literal is set; a variable is never overwritten', () => {
    const literal = lint(
      'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    timeout: 60\n    events:\n      - http: GET a\n',
      'limits/timeout-budget',
    );
    expect(literal.findings[0].messageId).toBe('overApi');
    expect(fixed(literal.text, literal.findings)).toContain('timeout: 29');
    const variable = lint(
      'service: s\ncustom:\n  t: 60\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    timeout: ${self:custom.t}\n    events:\n      - http: GET a\n',
      'limits/timeout-budget',
    );
    expect(variable.findings.map((f) => [f.messageId, f.fixes.length])).toEqual([['overApi', 0]]);
  });
});

describe('events', () => {
  it('warmup plugin warmers are keep-warm schedules; a function can opt out', () => {
    const { findings } = lint(
      `
      service: s
      provider:
        name: aws
      custom:
        warmup:
          default:
            enabled: true
      functions:
        a:
          handler: h.a
        b:
          handler: h.b
          warmup:
            default:
              enabled: false
      `,
      'idle/no-keep-warm',
    );
    expect(findings.map((f) => f.functions)).toEqual([['a']]);
    expect(findings[0].data.expression).toBe('rate(5 minutes)');
  });

  it('a warmer enabled for another stage warms nothing', () => {
    const { findings } = lint(
      'service: s\nprovider:\n  name: aws\ncustom:\n  warmup:\n    w:\n      enabled: prod\nfunctions:\n  a:\n    handler: h.a\n',
      'idle/no-keep-warm',
    );
    expect(findings).toEqual([]);
  });

  it('a schedule pinging with a warm-up input is flagged; a disabled one is not', () => {
    const { findings } = lint(
      `
      service: s
      provider:
        name: aws
      functions:
        a:
          handler: h.a
          events:
            - schedule:
                rate: [rate(5 minutes)]
                input: { warmer: true }
            - schedule:
                rate: rate(1 minute)
                enabled: false
                input: { warmer: true }
      `,
      'idle/no-keep-warm',
    );
    expect(findings.map((f) => f.data.expression)).toEqual(['rate(5 minutes)']);
  });

  it('queue-visibility uses the queue of resources and the 6 s default timeout', () => {
    const { text, findings } = lint(
      `
      service: s
      provider:
        name: aws
      functions:
        a:
          handler: h.a
          events:
            - sqs:
                arn: !GetAtt Jobs.Arn
      resources:
        Resources:
          Jobs:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: 20
      `,
      'resilience/queue-visibility',
    );
    expect(findings.map((f) => f.data.needed)).toEqual([36]);
    expect(fixed(text, findings)).toContain('VisibilityTimeout: 36');
  });

  it('async-failure-destination: s3 without, sns with destinations.onFailure', () => {
    const { findings } = lint(
      `
      service: s
      provider:
        name: aws
      functions:
        a:
          handler: h.a
          events:
            - s3: photos
        b:
          handler: h.b
          destinations:
            onFailure: arn:aws:sqs:us-east-1:1:f
          events:
            - sns: alerts
      `,
      'resilience/async-failure-destination',
    );
    expect(findings.map((f) => f.functions)).toEqual([['a']]);
  });
});

describe('url, machines, overrides', () => {
  it('a URL without authorizer is public; the fix writes authorizer: aws_iam', () => {
    const { text, findings } = lint(
      'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    url: true\n  b:\n    handler: h.b\n    url:\n      authorizer: aws_iam\n',
      'network/no-public-url',
    );
    expect(findings.map((f) => f.functions)).toEqual([['a']]);
    expect(fixed(text, findings)).toContain('    url: { authorizer: aws_iam }\n');
  });

  it('an override of the generated function in resources is the effective setting', () => {
    const { findings } = lint(
      `
      service: s
      provider:
        name: aws
      functions:
        my-fn:
          handler: h.a
          memorySize: 512
      resources:
        Resources:
          MyDashfnLambdaFunction:
            Properties:
              MemorySize: 8192
      `,
      'limits/memory-budget',
    );
    expect(findings.map((f) => [f.functions, f.data.setting ?? f.data.memory])).toHaveLength(1);
    expect(findings[0].functions).toEqual(['my-fn']);
  });

  it('provisionedConcurrency, reservedConcurrency, image and fileSystemConfig are reported', () => {
    const source = `
      service: s
      provider:
        name: aws
      functions:
        a:
          handler: h.a
          provisionedConcurrency: 2
          reservedConcurrency: 0
          fileSystemConfig:
            arn: arn:aws:elasticfilesystem:us-east-1:1:access-point/fsap-1
            localMountPath: /mnt/x
        b:
          image: 1.dkr.ecr.us-east-1.amazonaws.com/x@sha256:abc
    `;
    for (const rule of [
      'provisioning/no-provisioned-concurrency',
      'scaling/reserved-concurrency',
      'storage/no-efs',
      'nomachines/no-container-image',
    ])
      expect(lint(source, rule).findings.length, rule).toBe(1);
  });
});

describe("messages in serverless.yml's words", () => {
  const service = (functions: string, extra = '') =>
    `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  timeout: 10\n  memorySize: 512\n${extra}functions:\n${functions}`;

  it('a public URL has no url.authorizer (there is no NONE), and the fix names aws_iam', () => {
    const { findings } = lint(service('  a:\n    handler: h.a\n    url: true\n'), 'network/no-public-url');
    expect(findings.map((f) => f.message)).toEqual([
      'Function URL of function a has no url.authorizer: anyone can invoke it, and you pay for every call.',
    ]);
    expect(findings[0].fixes.map((f) => f.title)).toEqual(['Require IAM auth (url.authorizer: aws_iam)']);
  });

  it('a container image is `image`, not "image Image"; an override keeps its CloudFormation words', () => {
    const own = lint(
      service('  a:\n    image: 1.dkr.ecr.us-east-1.amazonaws.com/x@sha256:abc\n'),
      'nomachines/no-container-image',
    );
    expect(own.findings[0].message).toMatch(/^image ships function a as a container image: /);
    const override = lint(
      service('  a:\n    handler: h.a\n') +
        'resources:\n  Resources:\n    ALambdaFunction:\n      Properties:\n        PackageType: Image\n',
      'nomachines/no-container-image',
    );
    expect(override.findings[0].message).toMatch(
      /^PackageType Image ships function a as a container image: /,
    );
  });

  it('a literal region pins the service, not a template', () => {
    const { findings } = lint(
      service('  a:\n    handler: h.a\n', '  environment:\n    T: arn:aws:sns:eu-west-1:123456789012:t\n'),
      'resilience/no-hardcoded-region',
    );
    expect(findings.map((f) => f.message)).toEqual([
      'The ARN names region eu-west-1 literally: the service cannot move to another region.',
    ]);
  });

  it("a literal region in a function's own settings names that function", () => {
    const { findings } = lint(
      service(
        '  a:\n    handler: h.a\n  b:\n    handler: h.b\n    environment:\n      T: arn:aws:sns:eu-west-1:123456789012:t\n',
      ),
      'resilience/no-hardcoded-region',
    );
    expect(findings.map((f) => f.functions)).toEqual([['b']]);
  });

  it('a missing handler file is not in the service folder', () => {
    const source = dedent(service('  a:\n    handler: src/index.handler\n'));
    const { doc, model } = readServerless(source, '/p/serverless.yml');
    const host = { exists: (path: string) => path === '/p' || path === '/p/src' };
    const findings = lintModel(model!, doc.lines, { only: ['unit/handler-not-found'], host });
    expect(findings.map((f) => f.message)).toEqual([
      'handler src/index.handler of a names src/index.js, which is not in the service folder: every invocation would fail with Runtime.ImportModuleError.',
    ]);
  });

  it('events without names are each named once among the async invokers', () => {
    const { findings } = lint(
      service(
        '  a:\n    handler: h.a\n    events:\n      - s3: photos\n      - s3: videos\n      - sns: alerts\n',
      ),
      'resilience/async-failure-destination',
    );
    expect(findings.map((f) => f.message)).toEqual([
      'a is invoked asynchronously (s3 event, sns event) with no on-failure destination or DLQ: failed events are dropped after retries.',
    ]);
  });
});
