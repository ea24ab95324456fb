import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/formats/cloudformation/build';
import { summarizeFunction } from '../../src/core/formats/cloudformation/summary';
import { parseTemplate } from '../../src/core/formats/cloudformation/template';
import { dedent } from '../helpers/rule-tester';

function model(text: string) {
  const m = buildModel(parseTemplate(text, 'template.yaml'));
  return {
    m,
    summary: (id: string) =>
      summarizeFunction(
        m.functions.find((f) => f.id === id)!,
        m,
      ),
  };
}

describe('function model', () => {
  it('merges SAM Globals: own scalars win, lists are joined, IgnoreGlobals opts out', () => {
    const { summary } = model(
      dedent(`
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Timeout: 10
            MemorySize: 256
            Layers: [arn:global]
        Resources:
          A:
            Type: AWS::Serverless::Function
            Properties: { Timeout: 20, Layers: [arn:own] }
          B:
            Type: AWS::Serverless::Function
            IgnoreGlobals: [Timeout]
            Properties: {}
      `),
    );
    expect(summary('A')).toMatchObject({ timeout: 20, memorySize: 256, layers: ['arn:global', 'arn:own'] });
    expect(summary('B')).toMatchObject({ timeout: null, memorySize: 256, layers: ['arn:global'] });
  });

  it('resolves parameter defaults, marks other intrinsics dynamic, and takes the last of duplicate keys', () => {
    const { summary } = model(
      dedent(`
        Parameters:
          Mem: { Type: Number, Default: 1024 }
          NoDefault: { Type: Number }
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: 5
              Timeout: 7
              MemorySize: !Ref Mem
              ReservedConcurrentExecutions: !Ref NoDefault
              VpcConfig: !If [C, { SubnetIds: [s] }, !Ref AWS::NoValue]
      `),
    );
    expect(summary('Fn')).toMatchObject({
      timeout: 7,
      memorySize: 1024,
      reservedConcurrency: 'dynamic',
      vpc: 'dynamic',
    });
  });

  it('links provisioned concurrency from aliases and versions, schedules, mappings and queues', () => {
    const { m } = model(
      dedent(`
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties: { Timeout: 5 }
          Version:
            Type: AWS::Lambda::Version
            Properties: { FunctionName: !Ref Fn }
          Alias:
            Type: AWS::Lambda::Alias
            Properties:
              FunctionName: !Ref Fn
              FunctionVersion: !GetAtt Version.Version
              ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 }
          Rule:
            Type: AWS::Events::Rule
            Properties:
              ScheduleExpression: rate(5 minutes)
              Targets: [{ Arn: !GetAtt Fn.Arn, Id: t }]
          Queue:
            Type: AWS::SQS::Queue
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn }
      `),
    );
    const fn = m.functions[0];
    expect(fn.provisioned.map((p) => p.via)).toEqual(['alias']);
    expect(fn.schedules).toHaveLength(1);
    expect(fn.eventSourceMappings.map((e) => [e.kind, e.queue?.id])).toEqual([['sqs', 'Queue']]);
    expect(summarizeFunction(fn, m).provisionedConcurrency).toBe(3);
  });
});
