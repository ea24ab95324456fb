/**
 * The template ↔ code link: from Runtime, Handler and the code folder to the handler's file, its
 * export and where it is defined, for every export style Lambda loads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCodeParsers } from '../../src/core/code/parsers';
import { handlerCandidates, resolveHandler } from '../../src/core/code/resolve-handler';
import type { Host } from '../../src/core/rules/types';
import { dedent } from '../helpers/rule-tester';

beforeAll(() => initCodeParsers());

function files(contents: Record<string, string>): Host {
  return { exists: (path) => path in contents, readFile: (path) => contents[path] };
}

/** Resolves `file.handler` in a folder holding one file; returns found, missing and the 1-based location. */
function resolve(
  file: string,
  text: string,
  handler: string,
  runtime = file.endsWith('.py') ? 'python3.12' : 'nodejs22.x',
) {
  const result = resolveHandler('src', runtime, handler, files({ [`src/${file}`]: text }));
  const at = result?.location?.start;
  return {
    file: result?.file,
    found: result?.found,
    missing: result?.missing,
    at: at && `${at.line + 1}:${at.character + 1}`,
  };
}

describe('resolveHandler: Node.js export styles', () => {
  const cases: [string, string, string, string][] = [
    ['exports.x = …', 'exports.handler = async (event) => event;\n', 'app.handler', '1:9'],
    ['module.exports.x = …', '\nmodule.exports.handler = function (event) {};\n', 'app.handler', '2:16'],
    [
      'module.exports = { x } (shorthand, defined above)',
      'async function handler(e) {}\nmodule.exports = { handler };\n',
      'app.handler',
      '1:16',
    ],
    [
      'module.exports = { x: fn }',
      'const impl = async () => 1;\nmodule.exports = { main: impl };\n',
      'app.main',
      '1:7',
    ],
    [
      'module.exports = { x() {} } (method)',
      'module.exports = { async handler(event) { return event; } };\n',
      'app.handler',
      '1:26',
    ],
    ['export const x = …', 'export const handler = async (event) => event;\n', 'app.handler', '1:14'],
    [
      'export async function x',
      '// orders\nexport async function handler(event) {}\n',
      'app.handler',
      '2:23',
    ],
    ['export { x }', 'const handler = async () => 1;\nexport { handler };\n', 'app.handler', '1:7'],
    ['export { y as x }', 'async function main() {}\nexport { main as handler };\n', 'app.handler', '1:16'],
    [
      'export default function',
      'export default async function (event) { return event; }\n',
      'app.default',
      '1:16',
    ],
    ['export default identifier', 'const run = async () => 1;\nexport default run;\n', 'app.default', '1:7'],
    ['export { x } from (re-export)', "export { handler } from './impl';\n", 'app.handler', '1:10'],
    [
      'Object.defineProperty(exports, …) (compiled TypeScript)',
      'Object.defineProperty(exports, "handler", { enumerable: true, get: function () { return h; } });\n',
      'app.handler',
      '1:32',
    ],
    [
      'a wrapped handler (middy)',
      "const middy = require('@middy/core');\nconst base = async (e) => e;\nexports.handler = middy(base).use({});\n",
      'app.handler',
      '2:7',
    ],
  ];
  for (const [name, text, handler, at] of cases)
    it(name, () => {
      expect(resolve('app.js', text, handler)).toEqual({
        file: 'src/app.js',
        found: true,
        missing: undefined,
        at,
      });
    });

  it('TypeScript `export =` of an object', () => {
    expect(
      resolve('app.ts', 'const api = { handler: async () => 1 };\nexport = api;\n', 'app.handler').found,
    ).toBe(true);
  });

  it('reports a missing export only when the file lists all its exports', () => {
    expect(resolve('app.js', 'exports.main = () => 1;\n', 'app.handler')).toMatchObject({
      found: false,
      missing: 'export',
    });
    expect(resolve('app.js', "module.exports = require('./impl');\n", 'app.handler')).toMatchObject({
      found: false,
      missing: undefined,
    });
    expect(resolve('app.js', "export * from './impl';\n", 'app.handler')).toMatchObject({
      found: false,
      missing: undefined,
    });
    expect(resolve('app.js', 'module.exports = { ...base };\n', 'app.handler')).toMatchObject({
      found: false,
      missing: undefined,
    });
    expect(resolve('app.js', 'exports.handler = (;\n', 'app.other')).toMatchObject({
      found: false,
      missing: undefined,
    });
  });

  it('finds .js, .mjs, .cjs and .ts files, in subfolders', () => {
    for (const ext of ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'])
      expect(
        resolveHandler(
          'src',
          'nodejs20.x',
          'handlers/orders.list',
          files({ [`src/handlers/orders.${ext}`]: 'export const list = () => 1;\n' }),
        ),
      ).toMatchObject({
        file: `src/handlers/orders.${ext}`,
        exportName: 'list',
        found: true,
      });
  });

  it('reports a missing file with its first candidate', () => {
    expect(resolveHandler('src', 'nodejs22.x', 'index.handler', files({}))).toEqual({
      file: 'src/index.js',
      exportName: 'handler',
      found: false,
      missing: 'file',
    });
  });
});

describe('resolveHandler: Python', () => {
  it('def, async def, decorated def, assignment and import', () => {
    const module = dedent(`
      from mangum import Mangum
      from impl import process as imported

      app = object()
      wrapped = Mangum(app)


      async def coroutine(event, context):
          return event


      @logger.inject_lambda_context
      def lambda_handler(event, context):
          return event
    `);
    expect(resolve('app.py', module, 'app.lambda_handler').at).toBe('13:5');
    expect(resolve('app.py', module, 'app.coroutine').at).toBe('8:11');
    expect(resolve('app.py', module, 'app.wrapped').at).toBe('5:1');
    expect(resolve('app.py', module, 'app.imported').at).toBe('2:29');
    expect(resolve('app.py', module, 'app.missing')).toMatchObject({ found: false, missing: 'export' });
    expect(resolve('app.py', 'from impl import *\n', 'app.missing')).toMatchObject({
      found: false,
      missing: undefined,
    });
  });

  it('pkg/module.function, pkg.module.function and packages', () => {
    const host = files({
      'src/orders/api/app.py': 'def handler(e, c):\n    pass\n',
      'src/billing/__init__.py': 'def run(e, c):\n    pass\n',
    });
    expect(resolveHandler('src', 'python3.12', 'orders/api/app.handler', host)).toMatchObject({
      file: 'src/orders/api/app.py',
      found: true,
    });
    expect(resolveHandler('src', 'python3.12', 'orders.api.app.handler', host)).toMatchObject({
      file: 'src/orders/api/app.py',
      found: true,
    });
    expect(resolveHandler('src', 'python3.12', 'billing.run', host)).toMatchObject({
      file: 'src/billing/__init__.py',
      found: true,
    });
  });

  it('conditional definitions count (try/except ImportError)', () => {
    const text =
      'try:\n    from fast import handler\nexcept ImportError:\n    def handler(e, c):\n        pass\n';
    expect(resolve('app.py', text, 'app.handler').found).toBe(true);
  });
});

describe('handler candidates by runtime', () => {
  it('knows Node.js, Python and Ruby, and nothing compiled', () => {
    expect(handlerCandidates('ruby3.4', 'lib/app.Orders::Handler.process')).toEqual(['lib/app.rb']);
    expect(handlerCandidates('java21', 'com.example.App::handleRequest')).toBeUndefined();
    expect(handlerCandidates('provided.al2023', 'bootstrap')).toBeUndefined();
    expect(handlerCandidates('nodejs22.x', 'noexport')).toBeUndefined();
    expect(resolveHandler('.', 'go1.x', 'main', files({}))).toBeUndefined();
  });

  it('checks only the file when the host cannot read it', () => {
    const host: Host = { exists: (p) => p === 'src/app.js' };
    expect(resolveHandler('src', 'nodejs22.x', 'app.handler', host)).toEqual({
      file: 'src/app.js',
      exportName: 'handler',
      found: true,
      language: 'javascript',
    });
  });
});

describe('handlerLinks: every function of a template with its handler', () => {
  it('resolves each function from its CodeUri, Globals and the template folder', async () => {
    const { parseTemplate } = await import('../../src/core/formats/cloudformation/template');
    const { buildModel } = await import('../../src/core/formats/cloudformation/build');
    const { handlerLinks } = await import('../../src/core/code/handler-links');
    const { TemplateSemantics } = await import('../../src/core/formats/cloudformation/semantic');
    const template = dedent(`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function: { Runtime: nodejs22.x, CodeUri: src/ }
      Resources:
        Orders:
          Type: AWS::Serverless::Function
          Properties: { Handler: orders.handler }
        Report:
          Type: AWS::Serverless::Function
          Properties: { Handler: report.lambda_handler, Runtime: python3.12, CodeUri: py }
        Image:
          Type: AWS::Serverless::Function
          Properties: { PackageType: Image, Handler: x.y }
    `);
    const model = buildModel(parseTemplate(template, 'services/api/template.yaml'));
    const host = files({
      'services/api/src/orders.ts': 'export const handler = async () => 1;\n',
      'services/api/py/report.py': 'def other(event, context):\n    pass\n',
    });
    expect(
      handlerLinks(TemplateSemantics.of(model), host).map((l) => ({
        id: l.functionId,
        dir: l.codeDir,
        file: l.resolution.file,
        found: l.resolution.found,
        missing: l.resolution.missing,
        at: l.resolution.location?.start,
      })),
    ).toEqual([
      {
        id: 'Orders',
        dir: 'services/api/src',
        file: 'services/api/src/orders.ts',
        found: true,
        missing: undefined,
        at: { line: 0, character: 13 },
      },
      {
        id: 'Report',
        dir: 'services/api/py',
        file: 'services/api/py/report.py',
        found: false,
        missing: 'export',
        at: undefined,
      },
    ]);
  });
});
