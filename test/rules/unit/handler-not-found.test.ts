import { beforeAll, describe, expect, it } from 'vitest';
import { initCodeParsers } from '../../../src/core/code/parsers';
import { handlerNotFound } from '../../../src/core/rules/unit/handler-not-found';
import type { Host } from '../../../src/core/rules/types';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

/** A workspace of fake files: a path exists when it is one of the files or a folder above one. */
function workspace(...files: string[]): Host {
  const paths = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 1; i <= parts.length; i++) paths.add(parts.slice(0, i).join('/'));
  }
  return {
    exists: (path) => {
      const normal = path.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
      return normal === '.' || normal === '' || paths.has(normal);
    },
  };
}

describe('the fake workspace', () => {
  it('knows files and the folders above them, nothing else', () => {
    const host = workspace('src/app.js');
    const probes = ['src/app.js', 'src', 'src/', '.', 'app.js', 'src/app', 'other'];
    expect(probes.filter((p) => host.exists(p))).toEqual(['src/app.js', 'src', 'src/', '.']);
  });
});

/** A SAM Node.js function; `extra` lines are added to its Properties. */
const node = (handler: string, ...extra: string[]) =>
  [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs22.x',
    `      Handler: ${handler}`,
    ...extra.map((line) => `      ${line}`),
    '',
  ].join('\n');

describe('unit/handler-not-found', () => {
  runRuleTests(handlerNotFound, {
    valid: [
      ...['index.js', 'index.mjs', 'index.cjs', 'index.ts'].map((file) => ({
        name: `Node.js handler found as ${file}`,
        code: node('index.handler'),
        host: workspace(file, 'template.yaml'),
      })),
      {
        name: 'Node.js handler in a subfolder of CodeUri',
        code: node('handlers/orders.list', 'CodeUri: src/'),
        host: workspace('src/handlers/orders.js'),
      },
      {
        name: 'Python package/module.function under CodeUri',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Runtime: python3.12
              CodeUri: ./functions/orders
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Handler: orders.app.lambda_handler
        `),
        host: workspace('functions/orders/orders/app.py'),
      },
      {
        name: 'Python handler in a package __init__.py',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Runtime: python3.13, Handler: orders.handler, CodeUri: src }
        `),
        host: workspace('src/orders/__init__.py'),
      },
      {
        name: 'a template in a subfolder looks beside itself',
        path: 'services/orders/template.yaml',
        code: node('app.handler', 'CodeUri: src'),
        host: workspace('services/orders/src/app.mjs'),
      },
      {
        name: 'JSON template whose handler exists',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": { "Type": "AWS::Serverless::Function", "Properties": { "Runtime": "nodejs20.x", "Handler": "dist/main.handler", "CodeUri": "app" } }
            }
          }
        `),
        host: workspace('app/dist/main.cjs'),
      },
      {
        name: 's3:// code is not in the workspace (skipped)',
        code: node('index.handler', 'CodeUri: s3://artifacts/orders.zip'),
        host: workspace('template.yaml'),
      },
      {
        name: 'a Bucket/Key CodeUri is not in the workspace (skipped)',
        code: node('index.handler', 'CodeUri: { Bucket: artifacts, Key: orders.zip }'),
        host: workspace('template.yaml'),
      },
      {
        name: 'a local zip archive cannot be looked into (skipped)',
        code: node('index.handler', 'CodeUri: build/orders.zip'),
        host: workspace('build/orders.zip'),
      },
      {
        name: 'a CodeUri folder that does not exist yet (not built) is skipped',
        code: node('index.handler', 'CodeUri: .aws-sam/build/Fn'),
        host: workspace('template.yaml'),
      },
      {
        name: 'image functions have no handler file (skipped)',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                PackageType: Image
                Runtime: nodejs22.x
                Handler: index.handler
        `),
        host: workspace('template.yaml'),
      },
      {
        name: 'inline code and plain CloudFormation code are not files (skipped)',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Inline:
              Type: AWS::Serverless::Function
              Properties: { Runtime: python3.12, Handler: index.handler, InlineCode: 'def handler(e, c): pass' }
            Plain:
              Type: AWS::Lambda::Function
              Properties: { Runtime: python3.12, Handler: index.handler, Code: { ZipFile: 'def handler(e, c): pass' } }
        `),
        host: workspace('template.yaml'),
      },
      {
        name: 'compiled runtimes and dynamic handlers are not checked',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Handler: { Type: String }
          Resources:
            Java:
              Type: AWS::Serverless::Function
              Properties: { Runtime: java21, Handler: 'com.example.App::handleRequest' }
            Dynamic:
              Type: AWS::Serverless::Function
              Properties: { Runtime: nodejs22.x, Handler: !Ref Handler }
        `),
        host: workspace('template.yaml'),
      },
      {
        name: 'without a host (no file system) nothing is checked',
        code: node('missing.handler'),
      },
    ],
    invalid: [
      {
        name: 'Node.js handler file missing from the template folder',
        code: node('index.handler'),
        host: workspace('template.yaml', 'app.js'),
        findings: [{ messageId: 'missing', line: 7, column: 7, functions: ['Fn'], severity: 'error' }],
      },
      {
        name: 'Node.js handler missing from its CodeUri folder (the file is one level up)',
        code: node('app.handler', 'CodeUri: src/'),
        host: workspace('app.js', 'src/other.js'),
        findings: [{ messageId: 'missing', line: 7, column: 7, functions: ['Fn'] }],
      },
      {
        name: 'Python module path with the wrong package',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: python3.12
                CodeUri: src
                Handler: orders.app.lambda_handler
        `),
        host: workspace('src/app.py', 'src/orders/handler.py'),
        findings: [{ messageId: 'missing', line: 8, column: 7, functions: ['Fn'] }],
      },
      {
        name: 'Runtime from Globals and a parameter default for the handler',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Entry: { Type: String, Default: main.handler }
          Globals:
            Function:
              Runtime: python3.12
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Handler: !Ref Entry, CodeUri: fn/ }
        `),
        host: workspace('fn/app.py'),
        findings: [{ messageId: 'missing', line: 10, column: 19, functions: ['Fn'] }],
      },
      {
        name: 'template in a subfolder: the handler is looked up beside it',
        path: 'services/orders/template.yaml',
        code: node('app.handler'),
        host: workspace('app.js', 'services/orders/template.yaml'),
        findings: [{ messageId: 'missing', line: 7, column: 7, functions: ['Fn'] }],
      },
      {
        name: 'JSON template with a missing handler',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": { "Runtime": "nodejs22.x", "Handler": "src/index.handler" }
              }
            }
          }
        `),
        host: workspace('template.json', 'index.js'),
        findings: [{ messageId: 'missing', line: 6, column: 48, functions: ['Fn'] }],
      },
      {
        name: 'only the function whose file is missing is reported',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function: { Runtime: nodejs22.x, CodeUri: src }
          Resources:
            Good:
              Type: AWS::Serverless::Function
              Properties: { Handler: good.handler }
            Bad:
              Type: AWS::Serverless::Function
              Properties: { Handler: bad.handler }
        `),
        host: workspace('src/good.ts'),
        findings: [{ messageId: 'missing', line: 10, column: 19, functions: ['Bad'] }],
      },
      {
        name: 'relaxed profile still warns',
        profile: 'relaxed',
        code: node('index.handler'),
        host: workspace('template.yaml'),
        findings: [{ messageId: 'missing', line: 7, column: 7, severity: 'warning' }],
      },
    ],
  });
});

describe('unit/handler-not-found for Ruby', () => {
  const ruby = dedent(`
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties: { Runtime: ruby3.4, CodeUri: src, Handler: lib/app.Orders::Handler.process }
  `);
  runRuleTests(handlerNotFound, {
    valid: [{ name: 'the Ruby file exists', code: ruby, host: workspace('src/lib/app.rb') }],
    invalid: [
      {
        name: 'the Ruby file is missing',
        code: ruby,
        host: workspace('src/other.rb'),
        findings: [{ messageId: 'missing', line: 5, column: 51 }],
      },
    ],
  });
});

describe('unit/handler-not-found for packaged CloudFormation code', () => {
  const cfn = (handler: string) =>
    dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Runtime: nodejs22.x
            Handler: ${handler}
            Code: ./build
    `);
  runRuleTests(handlerNotFound, {
    valid: [
      {
        name: 'Code names a local folder holding the handler',
        code: cfn('app.handler'),
        host: workspace('build/app.js'),
      },
    ],
    invalid: [
      {
        name: 'Code names a local folder without the handler',
        code: cfn('main.handler'),
        host: workspace('build/app.js'),
        findings: [{ messageId: 'missing', line: 6, column: 7 }],
      },
    ],
  });
});

/** A workspace whose files have contents (so the handler's export is checked too). */
function workspaceWith(files: Record<string, string>): Host {
  const base = workspace(...Object.keys(files));
  return { exists: base.exists, readFile: (path) => files[path.replace(/^(?:\.\/)+/, '')] };
}

describe('unit/handler-not-found: the export', () => {
  beforeAll(() => initCodeParsers());
  runRuleTests(handlerNotFound, {
    valid: [
      {
        name: 'the CommonJS export exists',
        code: node('app.handler', 'CodeUri: src/'),
        host: workspaceWith({ 'src/app.js': 'exports.handler = async () => 1;\n' }),
      },
      {
        name: 'ESM default export named by file.default',
        code: node('app.default', 'CodeUri: src/'),
        host: workspaceWith({ 'src/app.mjs': 'export default async function (event) { return event; }\n' }),
      },
      {
        name: 'a file that exports names we cannot list is given the benefit of the doubt',
        code: node('index.handler'),
        host: workspaceWith({ 'index.ts': "export * from './impl';\n" }),
      },
      {
        name: 'a file with syntax errors is given the benefit of the doubt',
        code: node('index.handler'),
        host: workspaceWith({ 'index.js': 'exports.other = (;\n' }),
      },
      {
        name: 'Python: a function assigned at module level (Mangum) counts',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Runtime: python3.12, CodeUri: src, Handler: api.main.handler }
        `),
        host: workspaceWith({
          'src/api/main.py': 'from mangum import Mangum\nfrom app import app\nhandler = Mangum(app)\n',
        }),
      },
      {
        name: 'a host that cannot read files checks the file only',
        code: node('app.missing', 'CodeUri: src/'),
        host: workspace('src/app.js'),
      },
    ],
    invalid: [
      {
        name: 'Node.js: the file exists, the export does not',
        code: node('app.handler', 'CodeUri: src/'),
        host: workspaceWith({ 'src/app.js': 'module.exports = { main: async () => 1 };\n' }),
        findings: [{ messageId: 'missingExport', line: 7, column: 7, functions: ['Fn'], severity: 'error' }],
      },
      {
        name: 'Node.js: module.exports = a function exports no names',
        code: node('index.handler'),
        host: workspaceWith({ 'index.js': 'module.exports = async (event) => event;\n' }),
        findings: [{ messageId: 'missingExport', line: 7, column: 7 }],
      },
      {
        name: 'Python: the module defines another function',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties: { Runtime: python3.13, CodeUri: src, Handler: app.lambda_handler }
        `),
        host: workspaceWith({ 'src/app.py': 'def handler(event, context):\n    return 1\n' }),
        findings: [{ messageId: 'missingExport', line: 5, column: 54 }],
      },
    ],
  });
});
