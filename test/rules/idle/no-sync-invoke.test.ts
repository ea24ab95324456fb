import { describe } from 'vitest';
import { noSyncInvoke } from '../../../src/core/rules/idle/no-sync-invoke';
import { dedent, runCodeRuleTests } from '../../helpers/code-rule-tester';

describe('idle/no-sync-invoke', () => {
  runCodeRuleTests(noSyncInvoke, {
    valid: [
      {
        name: 'JS: SDK v3 asynchronous invoke (InvocationType Event)',
        code: dedent(`
          const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
          const lambda = new LambdaClient({});
          exports.handler = async (event) => {
            await lambda.send(new InvokeCommand({ FunctionName: 'audit', InvocationType: 'Event', Payload: JSON.stringify(event) }));
          };
        `),
      },
      {
        name: 'TS: parameters in a variable, DryRun',
        path: 'handler.ts',
        code: dedent(`
          import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
          const client = new LambdaClient({});
          export const handler = async () => {
            const params = { FunctionName: 'check', InvocationType: 'DryRun' as const };
            return client.send(new InvokeCommand(params));
          };
        `),
      },
      {
        name: 'JS: an InvocationType computed at run time is not guessed',
        code: dedent(`
          import { InvokeCommand } from '@aws-sdk/client-lambda';
          export const handler = async (event) => new InvokeCommand({ FunctionName: 'x', InvocationType: event.mode });
        `),
      },
      {
        name: 'JS: spread parameters are not guessed',
        code: dedent(`
          import { InvokeCommand } from '@aws-sdk/client-lambda';
          const base = { InvocationType: 'Event' };
          export const handler = async () => new InvokeCommand({ ...base, FunctionName: 'x' });
        `),
      },
      {
        name: 'JS: invoke on something that is not a Lambda client',
        code: dedent(`
          const AWS = require('aws-sdk');
          const sfn = new AWS.StepFunctions();
          const ipc = { invoke: () => 1 };
          exports.handler = async () => [ipc.invoke({ FunctionName: 'x' }), sfn.startExecution({})];
        `),
      },
      {
        name: 'Python: asynchronous invoke',
        path: 'app.py',
        code: dedent(`
          import json
          import boto3

          lambda_client = boto3.client("lambda")


          def handler(event, context):
              lambda_client.invoke(FunctionName="audit", InvocationType="Event", Payload=json.dumps(event))
        `),
      },
      {
        name: 'Python: invoke of another service (step functions) and kwargs splats',
        path: 'app.py',
        code: dedent(`
          import boto3

          sfn = boto3.client("stepfunctions")
          lam = boto3.client("lambda")


          def handler(event, context):
              params = {"FunctionName": "x"}
              return sfn.invoke(FunctionName="x"), lam.invoke(**params)
        `),
      },
    ],
    invalid: [
      {
        name: 'JS: SDK v3 InvokeCommand without InvocationType',
        code: dedent(`
          const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
          const lambda = new LambdaClient({});
          exports.handler = async (event) => {
            const out = await lambda.send(new InvokeCommand({ FunctionName: 'price', Payload: JSON.stringify(event) }));
            return JSON.parse(Buffer.from(out.Payload).toString());
          };
        `),
        findings: [{ messageId: 'sync', line: 4, column: 33 }],
        output: dedent(`
          const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
          const lambda = new LambdaClient({});
          exports.handler = async (event) => {
            const out = await lambda.send(new InvokeCommand({ InvocationType: 'Event', FunctionName: 'price', Payload: JSON.stringify(event) }));
            return JSON.parse(Buffer.from(out.Payload).toString());
          };
        `),
      },
      {
        name: 'TS: explicit RequestResponse in a multi-line object',
        path: 'handler.ts',
        code: dedent(`
          import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
          const lambda = new LambdaClient({});
          export async function handler(): Promise<void> {
            await lambda.send(
              new InvokeCommand({
                FunctionName: "price",
                InvocationType: "RequestResponse",
              }),
            );
          }
        `),
        findings: [{ messageId: 'sync', line: 5, column: 5 }],
        output: dedent(`
          import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
          const lambda = new LambdaClient({});
          export async function handler(): Promise<void> {
            await lambda.send(
              new InvokeCommand({
                FunctionName: "price",
                InvocationType: "Event",
              }),
            );
          }
        `),
      },
      {
        name: 'JS: SDK v2 lambda.invoke, multi-line parameters',
        code: dedent(`
          const AWS = require('aws-sdk');
          const lambda = new AWS.Lambda();
          exports.handler = async () => {
            return lambda
              .invoke({
                FunctionName: process.env.WORKER,
                Payload: '{}',
              })
              .promise();
          };
        `),
        findings: [{ messageId: 'sync', line: 4, column: 10 }],
        output: dedent(`
          const AWS = require('aws-sdk');
          const lambda = new AWS.Lambda();
          exports.handler = async () => {
            return lambda
              .invoke({
                InvocationType: 'Event',
                FunctionName: process.env.WORKER,
                Payload: '{}',
              })
              .promise();
          };
        `),
      },
      {
        name: 'JS: response streaming always waits (no fix)',
        code: dedent(`
          import { InvokeWithResponseStreamCommand } from '@aws-sdk/client-lambda';
          export const handler = async () => new InvokeWithResponseStreamCommand({ FunctionName: 'x' });
        `),
        findings: [{ messageId: 'stream', line: 2, column: 36 }],
      },
      {
        name: 'Python: boto3 invoke without InvocationType',
        path: 'app.py',
        code: dedent(`
          import boto3

          client = boto3.client("lambda")


          def handler(event, context):
              response = client.invoke(FunctionName="price", Payload=b"{}")
              return response["Payload"].read()
        `),
        findings: [{ messageId: 'sync', line: 7, column: 16 }],
        output: dedent(`
          import boto3

          client = boto3.client("lambda")


          def handler(event, context):
              response = client.invoke(InvocationType="Event", FunctionName="price", Payload=b"{}")
              return response["Payload"].read()
        `),
      },
      {
        name: "Python: a session's client and RequestResponse",
        path: 'app.py',
        code: dedent(`
          import boto3


          def handler(event, context):
              session = boto3.Session()
              return session.client("lambda").invoke(
                  FunctionName="price",
                  InvocationType='RequestResponse',
              )
        `),
        findings: [{ messageId: 'sync', line: 6, column: 12 }],
        output: dedent(`
          import boto3


          def handler(event, context):
              session = boto3.Session()
              return session.client("lambda").invoke(
                  FunctionName="price",
                  InvocationType='Event',
              )
        `),
      },
    ],
  });
});
