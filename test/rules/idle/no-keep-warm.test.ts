import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config/config';
import { lintText } from '../../../src/core/engine';
import { noKeepWarm } from '../../../src/core/rules/idle/no-keep-warm';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('idle/no-keep-warm', () => {
  runRuleTests(noKeepWarm, {
    valid: [
      {
        name: 'a frequent SAM schedule that does real work (its name only contains "ping")',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  ShippingSync:
                    Type: Schedule
                    Properties:
                      Schedule: rate(5 minutes)
                      Input: '{"job": "sync-shipping-labels"}'
        `),
      },
      {
        name: 'an EventBridge rule every minute that polls a partner API',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            PollPartnerRule:
              Type: AWS::Events::Rule
              Properties:
                Description: Fetch new orders from the swarm of partner shops
                ScheduleExpression: rate(1 minute)
                Targets:
                  - Id: poll
                    Arn: !GetAtt Fn.Arn
        `),
      },
      {
        name: 'a warmer that runs hourly is not frequent enough to count',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            WarmerRule:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: rate(1 hour)
                Targets: [{ Id: warm, Arn: !GetAtt Fn.Arn }]
        `),
      },
      {
        name: 'a daily cron named Warmer',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  Warmer:
                    Type: ScheduleV2
                    Properties:
                      ScheduleExpression: cron(0 8 * * ? *)
        `),
      },
      {
        name: 'JSON Scheduler schedule every 5 minutes that builds reports',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "ReportSchedule": {
                "Type": "AWS::Scheduler::Schedule",
                "Properties": {
                  "ScheduleExpression": "rate(5 minutes)",
                  "FlexibleTimeWindow": { "Mode": "OFF" },
                  "Target": { "Arn": { "Fn::GetAtt": ["Fn", "Arn"] }, "RoleArn": "arn:aws:iam::123456789012:role/r", "Input": "{\\"report\\": \\"orders\\"}" }
                }
              }
            }
          }
        `),
      },
      {
        name: 'a schedule chosen by a condition is decided at deploy time, never guessed',
        code: dedent(`
          Conditions:
            Prod: !Equals [!Ref AWS::StackName, prod]
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            WarmerRule:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: !If [Prod, rate(5 minutes), rate(1 day)]
                Targets: [{ Id: warm, Arn: !GetAtt Fn.Arn }]
        `),
      },
      {
        name: 'a lower maxPeriod option accepts a 10-minute warmer',
        options: { maxPeriod: 5 },
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            WarmerRule:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: rate(10 minutes)
                Targets: [{ Id: warm, Arn: !GetAtt Fn.Arn }]
        `),
      },
    ],
    invalid: [
      {
        name: 'AWS::Events::Rule whose input says it is a warmer',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            EveryFive:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: rate(5 minutes)
                Targets:
                  - Id: fn
                    Arn: !GetAtt Fn.Arn
                    Input: '{"warmer": true}'
        `),
        findings: [{ messageId: 'keepWarm', line: 8, column: 27, functions: ['Fn'] }],
      },
      {
        // The written text of these inputs holds no keep-warm word: one is an alias of a constant
        // that does, one spells it with an escape. Both are read as values, not skipped.
        name: 'an input that says warmer through an alias, and one through an escape',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Metadata: { payload: &payload '{"warmer": true}' }
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            EveryFive:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: rate(5 minutes)
                Targets:
                  - Id: fn
                    Arn: !GetAtt Fn.Arn
                    Input: *payload
            EveryTen:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: rate(10 minutes)
                Targets:
                  - Id: fn
                    Arn: !GetAtt Fn.Arn
                    Input: "{\\"\\x77armer\\": true}"
        `),
        findings: [
          { messageId: 'keepWarm', line: 9, column: 27, functions: ['Fn'] },
          { messageId: 'keepWarm', line: 17, column: 27, functions: ['Fn'] },
        ],
      },
      {
        name: 'AWS::Scheduler::Schedule named for keeping warm, cron every 5 minutes',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            KeepWarmSchedule:
              Type: AWS::Scheduler::Schedule
              Properties:
                ScheduleExpression: cron(0/5 * * * ? *)
                FlexibleTimeWindow: { Mode: 'OFF' }
                Target: { Arn: !GetAtt Fn.Arn, RoleArn: arn:aws:iam::123456789012:role/r }
        `),
        findings: [{ messageId: 'keepWarm', line: 8, column: 27, functions: ['Fn'] }],
      },
      {
        name: 'SAM Schedule event named WarmUp, every minute',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  WarmUp:
                    Type: Schedule
                    Properties:
                      Schedule: rate(1 minute)
        `),
        findings: [{ messageId: 'keepWarm', line: 12, column: 23, functions: ['Fn'] }],
      },
      {
        name: 'SAM ScheduleV2 event whose description says keep warm, cron every 10 minutes',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: nodejs22.x
                Handler: index.handler
                Events:
                  Every10:
                    Type: ScheduleV2
                    Properties:
                      ScheduleExpression: cron(*/10 * * * ? *)
                      Description: Keep the function warm
        `),
        findings: [{ messageId: 'keepWarm', line: 12, column: 33, functions: ['Fn'] }],
      },
      {
        name: 'a cron minute list every 15 minutes, with a keep-alive input',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            Quarterly:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: 'cron(0,15,30,45 * * * ? *)'
                Targets: [{ Id: fn, Arn: !Ref Fn, Input: '{"type": "keep-alive"}' }]
        `),
        findings: [{ messageId: 'keepWarm', line: 8, column: 27, functions: ['Fn'] }],
      },
      {
        name: 'JSON AWS::Events::Rule with a warmup plugin input',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "app.handler" } },
              "Rule": {
                "Type": "AWS::Events::Rule",
                "Properties": {
                  "ScheduleExpression": "rate(5 minutes)",
                  "Targets": [{ "Id": "fn", "Arn": { "Fn::GetAtt": ["Fn", "Arn"] }, "Input": "{\\"source\\": \\"serverless-plugin-warmup\\"}" }]
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'keepWarm', line: 7, column: 31, functions: ['Fn'] }],
      },
      {
        name: 'JSON SAM Schedule event named Pinger',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                  "Handler": "app.handler",
                  "Events": { "Pinger": { "Type": "Schedule", "Properties": { "Schedule": "rate(2 minutes)" } } }
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'keepWarm', line: 8, column: 81, functions: ['Fn'] }],
      },
      {
        name: 'a schedule from a parameter default is read, and reported at the Ref',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Every: { Type: String, Default: rate(5 minutes) }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: index.handler
                Events:
                  Warmer:
                    Type: Schedule
                    Properties: { Schedule: !Ref Every }
        `),
        findings: [{ messageId: 'keepWarm', line: 12, column: 35, functions: ['Fn'] }],
      },
      {
        name: 'a higher maxPeriod option counts a 20-minute warmer',
        options: { maxPeriod: 30 },
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            WarmerRule:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: rate(20 minutes)
                Targets: [{ Id: warm, Arn: !GetAtt Fn.Arn }]
        `),
        findings: [{ messageId: 'keepWarm', line: 8, column: 27, functions: ['Fn'] }],
      },
      {
        name: 'strict profile reports it as an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Runtime: nodejs22.x, Handler: index.handler }
            WarmerRule:
              Type: AWS::Events::Rule
              Properties:
                ScheduleExpression: rate(15 minutes)
                Targets: [{ Id: warm, Arn: !GetAtt Fn.Arn }]
        `),
        findings: [{ messageId: 'keepWarm', line: 8, column: 27, severity: 'error' }],
      },
    ],
  });

  it('quotes the resolved expression and the function in the message', () => {
    const code = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Every: { Type: String, Default: rate(5 minutes) }
      Resources:
        Orders:
          Type: AWS::Serverless::Function
          Properties:
            Handler: index.handler
            Events:
              KeepWarm: { Type: Schedule, Properties: { Schedule: !Ref Every } }
    `);
    const findings = lintText(code, 'template.yaml', resolveConfig()).findings.filter(
      (f) => f.ruleId === noKeepWarm.meta.id,
    );
    expect(findings.map((f) => f.message)).toEqual([
      'A rate(5 minutes) schedule pings Orders only to keep it warm: you pay for idle invocations and cold starts still happen under load.',
    ]);
  });
});
