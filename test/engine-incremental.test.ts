/**
 * The incremental re-lint (engine.ts `relint`): after an edit inside one resource, rules scoped to a
 * function run again only for the functions whose model changed and keep their other findings. The
 * result must always be what a fresh lint of the new text gives.
 */
import { describe, expect, it } from 'vitest';
import { lintDocument, lintText } from '../src/core/engine';
import { RULES_BY_ID } from '../src/core/rules';
import { resolveConfig } from '../src/core/config/config';
import { reparseTemplate } from '../src/core/formats/cloudformation/incremental';
import { LineIndex } from '../src/core/parse/ast';
import type { Finding } from '../src/core/rules/types';
import { BIG_SAM, BIG_SAM_PATH } from './helpers/big-sam';
import { EDITS, config, plain, random, relintAndCompare, relintRandomEdits, relints } from './helpers/relint';

const WITH_LINKS = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Memory:
    Type: Number
    Default: 4096
Globals:
  Function:
    Timeout: 45
    MemorySize: 5000
    Layers:
      - arn:aws:lambda:us-east-1:123456789012:layer:shared:1
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Events:
        Get:
          Type: Api
          Properties:
            Path: /items
            Method: get
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Timeout: 120
      MemorySize: !Ref Memory
      VpcConfig:
        SubnetIds: [subnet-1]
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: plain-fn
      Handler: index.handler
      Runtime: python3.13
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: 'def handler(e, c): pass' }
      EphemeralStorage: { Size: 4096 }
  PlainAlias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: plain-fn
      FunctionVersion: '1'
      Name: live
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 2
  Rest:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      Integration:
        Uri: !Sub arn:aws:apigateway:eu-west-1:lambda:path/functions/\${Plain.Arn}/invocations
  Inline:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/r
      Code:
        ZipFile: |
          exports.handler = async () => 1;
  Bare:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: 'x' }
  Last:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      ReservedConcurrentExecutions: 5
`;

/** The same with suppressions: a comment and resource metadata. */
const WITH_SUPPRESSIONS = WITH_LINKS.replace(
  'Timeout: 120\n',
  'Timeout: 120 # ownless-ignore limits/timeout-budget: a nightly batch\n',
).replace(
  '  Bare:\n    Type: AWS::Lambda::Function\n',
  '  Bare:\n    Type: AWS::Lambda::Function\n    Metadata:\n      ownless:\n        ignore:\n          - rule: limits/explicit-limits\n            reason: defaults are fine\n',
);

/** Replaces the first `search` after `anchor` (both must be there). */
function replaceAfter(text: string, anchor: string, search: string, replacement: string): string {
  const at = text.indexOf(search, text.indexOf(anchor));
  expect(text.indexOf(anchor)).toBeGreaterThanOrEqual(0);
  expect(at).toBeGreaterThanOrEqual(0);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

describe('incremental re-lint', () => {
  const big = BIG_SAM_PATH;
  const bigText = BIG_SAM;
  /** Fn1000's Timeout: a literal of three digits above the budget (see scripts/gen-big-sam.mjs). */
  const timeout = Number(/\n {6}Timeout: (\d+)\n/.exec(bigText.slice(bigText.indexOf('\n  Fn1000:\n')))![1]);

  it('changes only the edited function’s findings, reusing the others as they are', () => {
    const before = lintText(bigText, big, config);
    const edited = replaceAfter(bigText, '\n  Fn1000:\n', `Timeout: ${timeout}`, `Timeout: ${timeout + 1}`);
    const after = relintAndCompare(before, edited, big);
    const line = bigText.slice(0, bigText.indexOf('\n  Fn1000:\n')).split('\n').length;
    const nextLine = bigText.slice(0, bigText.indexOf('\n  Fn1001:\n')).split('\n').length;
    const inside = (f: Finding) => f.range.start.line >= line && f.range.start.line < nextLine;
    const previous = new Set(before.findings);
    // Same length edit: every finding of a function-scoped rule outside Fn1000 is the very same object.
    const scoped = after.findings.filter((f) => RULES_BY_ID.get(f.ruleId)?.scope === 'function');
    expect(scoped.length).toBeGreaterThan(3000);
    for (const finding of scoped) expect(previous.has(finding)).toBe(!inside(finding));
    expect(after.findings.filter(inside).map((f) => f.message)).toContain(
      `Timeout of ${timeout + 1} s for function Fn1000 is above the 60 s budget.`,
    );
  });

  it('an edit that makes a resource a SAM type reads the template as SAM (no Transform)', () => {
    const text = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties: { Handler: a.handler }',
      '  Q:',
      '    Type: AWS::SQS::Queue',
      '',
    ].join('\n');
    const before = lintText(text, 'template.yaml', config);
    expect(before.model!.doc.format).toBe('cloudformation');
    const edited = text.replace('AWS::Lambda::Function', 'AWS::Serverless::Function');
    const after = relintAndCompare(before, edited, 'template.yaml');
    expect(after.model!.doc.format).toBe('sam');
    expect(after.findings.map((f) => f.messageId)).toContain('missingTransform');
  });

  it('moves the findings after an edit that adds lines', () => {
    const before = lintText(bigText, big, config);
    const edited = replaceAfter(
      bigText,
      '\n  Fn1000:\n',
      `Timeout: ${timeout}\n`,
      `Timeout: ${timeout}\n      Description: one\n      Tags:\n        a: b\n`,
    );
    const after = relintAndCompare(before, edited, big);
    expect(after.findings.length).toBe(before.findings.length);
  });

  it('equals a fresh lint across seeded random edits of big-sam, chained', () => {
    let result = lintText(bigText, big, config);
    let text = bigText;
    const next = random(4242);
    for (let i = 0; i < 25; i++) {
      // Edits within a function's entry mostly, anywhere sometimes.
      const fn = 1 + Math.floor(next() * 1999);
      const anchor = text.indexOf(`\n  Fn${String(fn).padStart(4, '0')}:\n`);
      const at =
        next() < 0.8 && anchor >= 0
          ? anchor + 12 + Math.floor(next() * 200)
          : Math.floor(next() * text.length);
      const removed = Math.floor(next() * 3);
      const insert = EDITS[Math.floor(next() * EDITS.length)];
      text = text.slice(0, at) + insert + text.slice(at + removed);
      result = relintAndCompare(result, text, big);
    }
  });

  it('equals a fresh lint across seeded random edits of templates with Globals and linked resources', () => {
    // The same on real templates: test/corpus/engine-incremental.test.ts.
    relintRandomEdits('with-links.yaml', WITH_LINKS, 99);
    relintRandomEdits('with-suppressions.yaml', WITH_SUPPRESSIONS, 100);
  });

  it('follows changes that reach other functions through links and Globals', () => {
    const path = 'with-links.yaml';
    const steps: [string, string, string][] = [
      // An API event removed: Api leaves API Gateway (its Globals timeout budget changes).
      ['\n  Api:\n', 'Type: Api', 'Type: SQS'],
      // Worker stops taking the Globals MemorySize (a Globals finding names fewer functions).
      ['\n  Worker:\n', 'MemorySize: !Ref Memory', 'Description: none'],
      // The queue's visibility, read with its reader's timeout.
      ['\n  Jobs:\n', 'VisibilityTimeout: 60', 'VisibilityTimeout: 900'],
      // The alias now names another function by its literal name.
      ['\n  PlainAlias:\n', 'FunctionName: plain-fn', 'FunctionName: other-fn'],
      // The function's name changes: the alias no longer reaches it.
      ['\n  Plain:\n', 'FunctionName: plain-fn', 'FunctionName: plain-fn2'],
      // The REST method stops referring to Plain.
      ['\n  Rest:\n', '${Plain.Arn}', '${Last.Arn}'],
      // A function turned into another resource, and back.
      ['\n  Last:\n', 'AWS::Serverless::Function', 'AWS::SNS::Topic'],
      ['\n  Last:\n', 'AWS::SNS::Topic', 'AWS::Serverless::Function'],
      // A function's region literal in an ARN.
      ['\n  Plain:\n', 'role/r', 'role/r2'],
      // The function before another ends in a block scalar.
      ['\n  Inline:\n', 'async () => 1', 'async () => 2'],
      ['\n  Inline:\n', 'Handler: index.handler', 'Handler: index.main'],
      // Resource metadata that ignores a rule, added to a text that never said `ownless` before.
      [
        '\n  Bare:\n',
        'Type: AWS::Lambda::Function\n',
        'Type: AWS::Lambda::Function\n    Metadata:\n      ownless:\n        ignore:\n          - rule: limits/explicit-limits\n            reason: fine\n',
      ],
      // A suppression typed in, then its reason.
      ['\n  Worker:\n', 'Timeout: 120', 'Timeout: 120 # ownless-ignore limits/timeout-budget'],
      ['\n  Worker:\n', 'limits/timeout-budget', 'limits/timeout-budget: batch'],
      ['\n  Worker:\n', 'Handler: index.handler', 'Handler: index.handler\n      Description: x'],
    ];
    let text = WITH_LINKS;
    let result = lintText(text, path, config);
    for (const [anchor, search, replacement] of steps) {
      text = replaceAfter(text, anchor, search, replacement);
      result = relintAndCompare(result, text, path);
    }
  });

  it('took the incremental path for most of the edits above', () => {
    // Of 25 big-sam edits, 160 others and the steps above (47 at the last count); random edits often
    // break the text or land outside Resources, where the re-parse is a full one.
    expect(relints.incremental).toBeGreaterThan(35);
  });

  it('does not reuse findings across configurations', () => {
    const before = lintText(WITH_LINKS, 'a.yaml', config);
    const strict = resolveConfig({ profile: 'strict' });
    const edited = replaceAfter(WITH_LINKS, '\n  Worker:\n', 'Timeout: 120', 'Timeout: 121');
    const incremental = lintDocument(reparseTemplate(before.model!.doc, edited, strict.limits), strict);
    expect(plain(incremental.findings)).toEqual(plain(lintText(edited, 'a.yaml', strict).findings));
  });

  it('derives the line index of an edited text from the previous one', () => {
    const next = random(7);
    const base = 'a: 1\nbb: 22\n\nccc: 333\n  d: [4, 5]\n';
    for (let i = 0; i < 500; i++) {
      const from = Math.floor(next() * (base.length + 1));
      const oldTo = from + Math.floor(next() * Math.min(6, base.length - from + 1));
      const insert = ['', '\n', 'x', 'x\ny', '\n\n', 'long text'][Math.floor(next() * 6)];
      const text = base.slice(0, from) + insert + base.slice(oldTo);
      const derived = new LineIndex(base).edited(text, from, oldTo, from + insert.length);
      const fresh = new LineIndex(text);
      expect(derived.lineCount).toBe(fresh.lineCount);
      for (let offset = 0; offset <= text.length; offset++)
        expect(derived.position(offset)).toEqual(fresh.position(offset));
    }
  });
});
