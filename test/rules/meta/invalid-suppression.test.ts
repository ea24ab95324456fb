import { describe } from 'vitest';
import { invalidSuppression } from '../../../src/core/rules/meta/invalid-suppression';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('meta/invalid-suppression', () => {
  runRuleTests(invalidSuppression, {
    valid: [
      {
        name: 'inline and line-above suppressions with reasons',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Timeout: 10
                # ownless-ignore limits/memory-budget: measured with Power Tuning, 2x faster at 4 GB
                MemorySize: 4096
                VpcConfig: { SubnetIds: [subnet-1] } # ownless-ignore network/no-vpc, storage/no-efs: shared RDS
        `),
      },
      {
        name: 'Metadata ignores with reasons (JSON)',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Metadata": { "ownless": { "ignore": [{ "rule": "network/no-vpc", "reason": "reaches the shared RDS instance" }] } },
                "Properties": { "VpcConfig": { "SubnetIds": ["subnet-1"] } }
              }
            }
          }
        `),
      },
      {
        name: 'a // directive with a reason in JSON with comments',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              // ownless-ignore limits/explicit-limits: defaults are what this stub wants
              "Fn": { "Type": "AWS::Lambda::Function", "Properties": {} }
            }
          }
        `),
      },
      {
        name: 'the words outside a comment are not a directive',
        code: dedent(`
          Description: ownless-ignore is how deviations are recorded
          Resources:
            Queue:
              Type: AWS::SQS::Queue
        `),
      },
    ],
    invalid: [
      {
        name: 'an inline suppression without a reason',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                VpcConfig: { SubnetIds: [subnet-1] } # ownless-ignore network/no-vpc
        `),
        findings: [{ messageId: 'missingReason', line: 5, column: 44, severity: 'warning' }],
      },
      {
        name: 'a suppression above the line with an empty reason after the colon',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                # ownless-ignore limits/timeout-budget:
                Timeout: 900
        `),
        findings: [{ messageId: 'missingReason', line: 5, column: 7 }],
      },
      {
        name: 'an unknown rule id, and one finding per id in a list',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                # ownless-ignore network/no-vpcs, limits/timeout-budget
                Timeout: 900
        `),
        findings: [
          { messageId: 'unknownRule', line: 5, column: 7 },
          { messageId: 'missingReason', line: 5, column: 7 },
        ],
      },
      {
        name: 'a // directive without a reason in JSON with comments',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                  "Timeout": 900 // ownless-ignore limits/timeout-budget
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'missingReason', line: 6, column: 24 }],
      },
      {
        name: 'Metadata ignores without a reason, or naming an unknown rule',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Metadata:
                ownless:
                  ignore:
                    - rule: network/no-vpc
                    - { rule: network/novpc, reason: typo }
              Properties:
                VpcConfig: { SubnetIds: [subnet-1] }
        `),
        findings: [
          { messageId: 'missingReason', line: 7, column: 13 },
          { messageId: 'unknownRule', line: 8, column: 13 },
        ],
      },
      {
        name: 'a Metadata ignore without a rule (JSON)',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": { "Type": "AWS::Lambda::Function", "Metadata": { "ownless": { "ignore": [{ "reason": "why not" }] } } }
            }
          }
        `),
        findings: [{ messageId: 'unknownRule', line: 3, column: 84 }],
      },
      {
        name: 'strict profile makes it an error',
        profile: 'strict',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties:
                Timeout: 900 # ownless-ignore limits/timeout-budget
        `),
        findings: [{ messageId: 'missingReason', line: 5, column: 20, severity: 'error' }],
      },
    ],
  });
});
