/** unit/no-web-server: a web server started in a function, or a whole web app wrapped into one. */
import type { CodeNode } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import { type Origin, originOf } from '../../code/resolve';
import { dottedName, lastParts, mayCall } from '../../code/sdk';
import { constantValue } from '../../code/values';
import type { Rule } from '../types';

/** Modules whose objects listen on a port (`app.listen()`, `server.listen()`, Flask's `app.run()`). */
const SERVER_MODULES = new Set([
  'express',
  'koa',
  'fastify',
  'restify',
  'http',
  'https',
  'http2',
  'net',
  'connect',
  '@nestjs/core',
  '@hapi/hapi',
  'flask',
  'bottle',
  'sanic',
  'http.server',
  'socketserver',
]);

/** Calls that start a server themselves. */
const SERVE_CALLS = new Set([
  '@hono/node-server.serve',
  'uvicorn.run',
  'aiohttp.web.run_app',
  'waitress.serve',
  'hypercorn.asyncio.serve',
]);
const LISTEN_METHODS = new Set(['listen', 'run', 'run_server', 'serve_forever', 'start']);

/** Adapters that run a web framework's app inside a Lambda handler. */
const ADAPTERS = new Set([
  'serverless-http',
  'aws-serverless-express',
  '@vendia/serverless-express',
  '@codegenie/serverless-express',
  '@fastify/aws-lambda',
  'aws-lambda-fastify',
  '@h4ad/serverless-adapter',
  'hono/aws-lambda',
  'mangum',
  'awsgi',
  'serverless_wsgi',
  'apig_wsgi',
  'aws_lambda_wsgi',
]);

/** Member names a server start or an adapter is called by (`app.listen`, `serverlessExpress.configure`). */
const MEMBERS = new Set([
  ...LISTEN_METHODS,
  ...lastParts(SERVE_CALLS),
  'configure',
  'proxy',
  'createServer',
  'handler',
  'handle',
  'Mangum',
  'handle_request',
  'response',
  'make_lambda_handler',
]);

export const noWebServer: Rule = {
  meta: {
    id: 'unit/no-web-server',
    tenet: 'unit',
    description:
      'Flags web servers started in function code (app.listen, Flask app.run, uvicorn.run) and web-app adapters (serverless-http, Mangum) (code).',
    why: "The function is the unit of deployment and scaling: Lambda delivers events, not connections to a port. A listening server does nothing useful and keeps the environment busy; a whole web app behind an adapter shares one function's memory, timeout, permissions and cold start across every route.",
    alternative:
      'Export a handler per route or resource and let API Gateway (or a function URL) do the HTTP: routing, authorization, throttling and validation.',
    justified:
      'Migrating an existing web application step by step (an adapter first, functions per route next), or a small internal tool where one function is simpler.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      listen:
        '{{what}} starts a web server: Lambda sends events, not connections, and the open server keeps the environment busy. Export a handler and let API Gateway or a function URL do the HTTP.',
      adapter:
        '{{what}} runs a whole web application in one function: every route shares its memory, timeout, permissions and cold start. Prefer a function per route or resource behind API Gateway.',
    },
  },
  checkCode(context) {
    const { model } = context;
    for (const call of model.calls) {
      if (!mayCall(call, MEMBERS)) continue;
      const origin = originOf(model, call.callee);
      const name = dottedName(origin);
      if (origin.kind === 'module' && ADAPTERS.has(origin.module)) {
        context.report({
          messageId: 'adapter',
          data: { what: origin.module },
          start: call.node.start,
          end: call.node.end,
        });
        continue;
      }
      const serves =
        (name !== undefined && SERVE_CALLS.has(name)) ||
        (origin.kind === 'member' && LISTEN_METHODS.has(origin.name) && fromServerModule(origin.of));
      if (!serves || onlyWhenRunDirectly(model, call.node)) continue;
      context.report({
        messageId: 'listen',
        data: { what: call.callee.text },
        start: call.node.start,
        end: call.node.end,
      });
    }
  },
};

/** True when an object comes from a web framework or server module (`express()`, `http.createServer()`, `Flask(__name__)`). */
function fromServerModule(origin: Origin): boolean {
  let current: Origin = origin;
  for (let steps = 0; steps < 8; steps++) {
    if (current.kind === 'module') return SERVER_MODULES.has(current.module);
    if (current.kind === 'call' || current.kind === 'new' || current.kind === 'member') current = current.of;
    else return false;
  }
  return false;
}

/** `if __name__ == '__main__':` and `if (require.main === module)`: local entry points that never run in Lambda. */
function onlyWhenRunDirectly(model: CodeModel, node: CodeNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== 'if_statement') continue;
    const condition = current.field('condition');
    const consequence = current.field('consequence');
    if (!condition || !consequence?.contains(node)) continue;
    let direct = false;
    condition.walk((n) => {
      if (n.type === 'comparison_operator' || n.type === 'binary_expression') {
        const sides = n.type === 'binary_expression' ? [n.field('left'), n.field('right')] : n.items;
        const texts = sides.map((s) => (s ? (constantValue(model, s) ?? s.text) : ''));
        if (texts.includes('__name__') && texts.includes('__main__')) direct = true;
        if (texts.includes('require.main') && texts.includes('module')) direct = true;
      }
      return !direct;
    });
    if (direct) return true;
  }
  return false;
}
