import { describe } from 'vitest';
import { invalidResource } from '../../../src/core/rules/meta/invalid-resource';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('meta/invalid-resource', () => {
  runRuleTests(invalidResource, {
    valid: [
      {
        name: 'resources with a Type',
        code: 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {}\n',
      },
      {
        name: 'JSON resources with a Type',
        path: 'template.json',
        code: '{ "Resources": { "Q": { "Type": "AWS::SQS::Queue" } } }',
      },
    ],
    invalid: [
      {
        name: 'a resource without Type, one that is not a mapping, and one with a tagged Type',
        code: dedent(`
          Resources:
            NoType:
              Properties: {}
            Scalar: just text
            Tagged:
              Type: !Ref TypeParam
            Fine:
              Type: AWS::SQS::Queue
        `),
        findings: [
          { messageId: 'noType', line: 2, column: 3 },
          { messageId: 'notMapping', line: 4, column: 3 },
          { messageId: 'typeNotString', line: 5, column: 3 },
        ],
      },
      {
        name: 'JSON resource without Type',
        path: 'template.json',
        code: '{\n  "Resources": {\n    "Q": { "Properties": {} }\n  }\n}',
        findings: [{ messageId: 'noType', line: 3, column: 5 }],
      },
    ],
  });
});
