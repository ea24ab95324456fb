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
      {
        name: 'SAM with its Transform, alone or in a list',
        code: dedent(`
          Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
          Globals:
            Function: { Timeout: 10 }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
        `),
      },
    ],
    invalid: [
      {
        name: 'Globals without the SAM Transform (issue 16 item 9)',
        code: dedent(`
          Globals:
            Function: { Timeout: 10 }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
        `),
        findings: [{ messageId: 'missingTransform', line: 1, column: 1 }],
      },
      {
        name: 'a SAM resource type under another Transform only',
        code: dedent(`
          Transform: AWS::LanguageExtensions
          Resources:
            Q:
              Type: AWS::SQS::Queue
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: a.handler }
            Api:
              Type: AWS::Serverless::Api
        `),
        findings: [{ messageId: 'missingTransform', line: 6, column: 11 }],
      },
      {
        name: 'JSON: a SAM resource type without a Transform',
        path: 'template.json',
        code: '{ "Resources": { "Fn": { "Type": "AWS::Serverless::Function", "Properties": { "Handler": "a.h" } } } }',
        findings: [{ messageId: 'missingTransform', line: 1, column: 34 }],
      },
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
        name: 'a Type that YAML reads as a number, null or empty (issue 16 item 6)',
        code: dedent(`
          Resources:
            Number:
              Type: 42
            Null:
              Type: null
            Tilde:
              Type: ~
            Empty:
              Type: ''
            Blank:
              Type:
            Bool:
              Type: yes
            Quoted:
              Type: '42'
        `),
        findings: [
          { messageId: 'typeNotString', line: 2, column: 3 },
          { messageId: 'noType', line: 4, column: 3 },
          { messageId: 'noType', line: 6, column: 3 },
          { messageId: 'noType', line: 8, column: 3 },
          { messageId: 'noType', line: 10, column: 3 },
          { messageId: 'typeNotString', line: 12, column: 3 },
        ],
      },
      {
        name: 'JSON: a Type that is a number, null or empty',
        path: 'template.json',
        code: '{\n  "Resources": {\n    "A": { "Type": 42 },\n    "B": { "Type": null },\n    "C": { "Type": "" }\n  }\n}',
        findings: [
          { messageId: 'typeNotString', line: 3, column: 5 },
          { messageId: 'noType', line: 4, column: 5 },
          { messageId: 'noType', line: 5, column: 5 },
        ],
      },
      {
        name: 'Resources that is a list',
        code: "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - Fn\n",
        findings: [{ messageId: 'resourcesNotMapping', line: 2, column: 1 }],
      },
      {
        name: 'Resources that is a string',
        code: "AWSTemplateFormatVersion: '2010-09-09'\nResources: hello\n",
        findings: [{ messageId: 'resourcesNotMapping', line: 2, column: 1 }],
      },
      {
        name: 'Resources that is null',
        code: "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n",
        findings: [{ messageId: 'resourcesNotMapping', line: 2, column: 1 }],
      },
      {
        name: 'JSON Resources that is a list',
        path: 'template.json',
        code: '{ "AWSTemplateFormatVersion": "2010-09-09", "Resources": [] }',
        findings: [{ messageId: 'resourcesNotMapping', line: 1, column: 45 }],
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
