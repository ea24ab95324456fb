/**
 * The analysis model: imports (SDK v3, v2, boto3, database drivers), handlers found by every export
 * style, handler scope (calls followed in the same file, with a depth cap) versus module scope.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCodeModel } from '../../src/core/code/build-model';
import { runsAtInit, runsPerInvocation } from '../../src/core/code/handler-scope';
import type { CodeModel } from '../../src/core/code/model';
import { parseCode } from '../../src/core/code/parse';
import { type CodeLanguage, initCodeParsers } from '../../src/core/code/parsers';
import { nameOf } from '../../src/core/code/resolve';
import { dedent } from '../helpers/rule-tester';

beforeAll(() => initCodeParsers());

function model(text: string, language: CodeLanguage = 'javascript', handlers?: string[]): CodeModel {
  return buildCodeModel(parseCode(text, language, undefined, undefined, { keepTree: false }), 'file', {
    handlers,
  });
}

function imports(m: CodeModel): string[] {
  return [...m.moduleScope.bindings.values()]
    .filter((b) => b.import)
    .map((b) => `${b.name}=${b.import!.module}:${b.import!.imported}${b.path ? '.' + b.path.join('.') : ''}`);
}

/** The qualified names of the calls in a file, with where they run. */
function calls(m: CodeModel): string[] {
  return m.calls.map((c) => {
    const where = runsPerInvocation(m, c.node) ? 'handler' : runsAtInit(m, c.node) ? 'init' : 'other';
    return `${nameOf(m, c.callee) ?? c.callee.text}@${where}`;
  });
}

describe('imports', () => {
  it('JavaScript: ES imports, require, destructuring, members and namespaces', () => {
    const m = model(
      dedent(`
      import { S3Client as S3, GetObjectCommand } from '@aws-sdk/client-s3';
      import * as AWSv2 from 'aws-sdk';
      import pg, { Pool } from 'pg';
      const AWS = require('aws-sdk');
      const { LambdaClient, InvokeCommand: Invoke } = require('@aws-sdk/client-lambda');
      const { setTimeout: sleep } = require('node:timers/promises');
      const Redis = require('ioredis').default;
      const { promises: { readFile } } = require('fs');
    `),
    );
    expect(imports(m)).toEqual([
      'S3=@aws-sdk/client-s3:S3Client',
      'GetObjectCommand=@aws-sdk/client-s3:GetObjectCommand',
      'AWSv2=aws-sdk:*',
      'pg=pg:default',
      'Pool=pg:Pool',
      'AWS=aws-sdk:*',
      'LambdaClient=@aws-sdk/client-lambda:LambdaClient',
      'Invoke=@aws-sdk/client-lambda:InvokeCommand',
      'sleep=timers/promises:setTimeout',
      'Redis=ioredis:default',
      'readFile=fs:promises.readFile',
    ]);
  });

  it('TypeScript: import = require', () => {
    expect(imports(model("import mysql = require('mysql2');\n", 'typescript'))).toEqual(['mysql=mysql2:*']);
  });

  it('Python: import, import as, from import, dotted and relative modules', () => {
    const m = model(
      dedent(`
      import boto3
      import os.path
      import mysql.connector as mc
      from psycopg2 import connect as pg_connect
      from botocore.config import Config
      from . import sibling
    `),
      'python',
    );
    expect(imports(m)).toEqual([
      'boto3=boto3:*',
      'os=os:*',
      'mc=mysql.connector:*',
      'pg_connect=psycopg2:connect',
      'Config=botocore.config:Config',
      'sibling=.:sibling',
    ]);
  });

  it('resolves calls to qualified names through bindings', () => {
    const m = model(
      dedent(`
      const AWS = require('aws-sdk');
      const { promisify } = require('util');
      const wait = promisify(setTimeout);
      let lambda;
      function client() { lambda ??= new AWS.Lambda(); return lambda; }
      new AWS.S3().getObject({});
      wait(10);
      client();
    `),
    );
    expect(calls(m)).toEqual([
      'global:require@init',
      'global:require@init',
      'util:promisify@init',
      'aws-sdk:Lambda@other',
      'new AWS.S3().getObject@init',
      'aws-sdk:S3@init',
      'wait@init',
      'client@init',
    ]);
  });
});

describe('handlers and handler scope', () => {
  const styles: [string, string, CodeLanguage][] = [
    ['exports.x =', 'exports.handler = async (event) => work();', 'javascript'],
    [
      'module.exports.x =',
      'module.exports.handler = async function (event) { return work(); };',
      'javascript',
    ],
    [
      'module.exports = { x }',
      'async function handler(event) { return work(); }\nmodule.exports = { handler };',
      'javascript',
    ],
    ['export const x', 'export const handler = async (event: unknown) => work();', 'typescript'],
    ['export async function x', 'export async function handler(event) { return work(); }', 'javascript'],
    ['export { x }', 'const handler = async () => work();\nexport { handler };', 'javascript'],
    ['export default', 'export default async (event) => work();', 'javascript'],
    ['Python def x(event, context)', 'def handler(event, context):\n    return work()\n', 'python'],
  ];
  for (const [name, code, language] of styles)
    it(`finds the handler: ${name}`, () => {
      const helper =
        language === 'python' ? '\n\ndef work():\n    return 1\n' : '\nfunction work() { return 1; }\n';
      const m = model(code + helper, language);
      expect(m.handlers).toHaveLength(1);
      expect([...m.handlerScope].map((f) => f.name).sort()).toEqual([m.handlers[0].name, 'work'].sort());
    });

  it('uses the export names the template gives, and conventions otherwise', () => {
    const code =
      'export const main = async () => 1;\nexport const lambdaHandler = async () => 2;\nexport const util = (x) => x;\n';
    expect(model(code).handlers.map((h) => h.name)).toEqual(['lambdaHandler']);
    expect(model(code, 'javascript', ['main']).handlers.map((h) => h.name)).toEqual(['main']);
    expect(model(code, 'javascript', ['missing']).handlers).toEqual([]);
    const py =
      'def lambda_handler(event, context):\n    pass\n\ndef on_event(evt, ctx):\n    pass\n\ndef helper(a, b):\n    pass\n';
    expect(model(py, 'python').handlers.map((h) => h.name)).toEqual(['lambda_handler', 'on_event']);
  });

  it('follows calls, callbacks, constructors and methods, up to a depth', () => {
    const m = model(
      dedent(`
      class Repo {
        constructor() { this.ready = true; }
        save(x) { return this.write(x); }
        write(x) { return x; }
        unused() {}
      }
      const f1 = () => f2(); const f2 = () => f3(); const f3 = () => f4(); const f4 = () => f5();
      const f5 = () => f6(); const f6 = () => f7(); const f7 = () => f8(); const f8 = () => f9();
      const f9 = () => f10(); const f10 = () => 1;
      function load(id) { return id; }
      function retry(fn) { return fn(1); }
      function neverCalled() {}
      exports.handler = async (event) => {
        const repo = new Repo();
        event.items.map((item) => repo.save(item));
        retry(load);
        return f1();
      };
    `),
    );
    const names = [...m.handlerScope].map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['handler', 'constructor', 'save', 'write', 'load', 'retry', 'f1', 'f8']),
    );
    expect(names).not.toContain('unused');
    expect(names).not.toContain('neverCalled');
    // The handler calls f1 (depth 1) ... f8 (depth 8): f9 is beyond the cap.
    expect(names).not.toContain('f9');
  });

  it('tells module scope (init, IIFEs) from handler scope', () => {
    const m = model(
      dedent(`
      const a = setup();
      (async () => { await warm(); })();
      function setup() { return 1; }
      async function warm() {}
      exports.handler = async () => { inner(); };
      function inner() {}
    `),
    );
    expect(calls(m)).toEqual([
      'setup@init',
      '(async () => { await warm(); })@init',
      'warm@init',
      'inner@handler',
    ]);
  });

  it('Python: methods called on instances of classes of the file', () => {
    const m = model(
      dedent(`
      class Orders:
          def __init__(self):
              self.items = []

          def add(self, item):
              self.items.append(item)


      def handler(event, context):
          orders = Orders()
          orders.add(event)
    `),
      'python',
    );
    expect([...m.handlerScope].map((f) => f.name).sort()).toEqual(['__init__', 'add', 'handler']);
  });
});
