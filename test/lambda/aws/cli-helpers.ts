/**
 * `ownless deploy` and `ownless invoke` in-process, on a project folder with one SAM template: shared by
 * test/lambda/aws/cli.test.ts (all that needs no AWS service) and test/aws/cli.test.ts (against
 * moto_server, `npm run test:aws`).
 */
import type { AwsCommandIo } from '../../../src/cli/aws-common';
import { tempDir, writeFiles } from './helpers';

export const CLI_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: test
Globals:
  Function:
    Runtime: nodejs20.x
    Environment:
      Variables:
        STAGE: !Ref Stage
        QUEUE: !Sub 'arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:jobs'
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: cli-orders
      CodeUri: src/
      Handler: index.handler
      MemorySize: 512
      Timeout: 20
  Stacked:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-stacked'
      CodeUri: src/
      Handler: index.handler
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: index.handler
  Typed:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ts/
      Handler: app.handler
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: 'exports.handler = async () => 1;'
      Handler: index.handler
`;

/** A fresh project folder: the template, a Node.js and a TypeScript handler, a good and a bad event. */
export function writeCliProject(): string {
  return writeFiles(tempDir('ownless-cli-project-'), {
    'template.yaml': CLI_TEMPLATE,
    'src/index.js': 'exports.handler = async (event) => event;\n',
    'ts/app.ts': 'export const handler = async () => 1;\n',
    'events/order.json': '{"order": 42}',
    'events/bad.json': '{"order": ',
  });
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the command in `project` (no terminal: nothing can be confirmed unless `io` says so). */
export async function runCommand(
  command: (args: string[], io: AwsCommandIo) => Promise<number>,
  project: string,
  args: string[],
  io: Partial<AwsCommandIo> = {},
): Promise<Run> {
  let out = '';
  let err = '';
  const code = await command(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    cwd: project,
    interactive: false,
    ...io,
  });
  return { code, out, err };
}
