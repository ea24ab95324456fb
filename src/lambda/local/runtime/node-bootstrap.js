// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The Node.js runtime of Ownless's local Lambda: loads the handler named by _HANDLER from
 * LAMBDA_TASK_ROOT (CommonJS, or ESM for .mjs files and "type": "module" packages), then polls the
 * Runtime API for events and answers each, like Lambda's own runtime interface client. Plain
 * JavaScript with no dependencies: it runs as it is, from dist/runtime or from the source tree.
 */
'use strict';

const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');
const { isModulePackage, isolate } = require('./node-isolation.js');

// `host:port`, as Lambda defines it; the local runtime gives each environment a port of its own.
const [hostname, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '').split(':');
// Keep-alive: one connection carries every call of the environment (a new one per call cost a connect
// and an accept on each side of every invocation). The agent unrefs an idle socket, so it does not keep
// the event loop from emptying, which callback handlers wait for.
const agent = new http.Agent({ keepAlive: true });

/** @type {string | undefined} */
let currentRequestId;

/**
 * A call to the Runtime API (`route` below /2018-06-01/runtime, or `target` when given).
 * @param {string} method
 * @param {string} route
 * @param {string} [body]
 * @param {Record<string, string>} [headers]
 * @param {string} [target]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, body: string }>}
 */
function call(method, route, body, headers = {}, target = `/2018-06-01/runtime${route}`) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { hostname, port: Number(port), path: target, method, agent, headers },
      (response) => {
        const chunks = /** @type {Buffer[]} */ ([]);
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', (error) => {
      // A kept-alive connection the server closed as it was being reused: the call never reached it.
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (request.reusedSocket && code === 'ECONNRESET')
        call(method, route, body, headers, target).then(resolve, reject);
      else reject(error);
    });
    request.end(body);
  });
}

/**
 * The two calls of every invocation (`next`, then the response) go over one kept-alive connection with
 * a minimal HTTP/1.1 client: the Runtime API is Ownless's own server, which answers every request with
 * a Content-Length, and node:http's general client (agent, streams, parser) costs more than the rest
 * of a warm invocation. Other calls (errors, init) use node:http; they may overlap a pending `next`.
 */
const fast = {
  /** @type {import('node:net').Socket | undefined} */ socket: undefined,
  /** Requests the socket has carried: a kept-alive one may have been closed by the server meanwhile. */
  used: 0,
  /** @type {Buffer} */ received: Buffer.alloc(0),
  /** @type {{ request: string, retried: boolean, resolve: (r: { status: number, headers: Record<string, string>, body: string }) => void, reject: (e: Error) => void } | undefined} */
  waiting: undefined,
};

function fastSocket() {
  if (fast.socket && !fast.socket.destroyed) return fast.socket;
  const socket = net.connect({ host: hostname, port: Number(port) });
  socket.setNoDelay(true);
  fast.socket = socket;
  fast.used = 0;
  fast.received = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    fast.received = fast.received.length ? Buffer.concat([fast.received, chunk]) : chunk;
    fastParse();
  });
  const fail = (/** @type {Error | undefined} */ error) => {
    if (fast.socket !== socket) return;
    fast.socket = undefined;
    const waiting = fast.waiting;
    fast.waiting = undefined;
    if (!waiting) return;
    // A kept-alive connection closed before it answered: the request never reached the server.
    if (!waiting.retried && fast.used > 1 && fast.received.length === 0) {
      fastSend(waiting.request, { ...waiting, retried: true });
    } else waiting.reject(error ?? new Error('The Runtime API closed the connection'));
  };
  socket.on('error', fail);
  socket.on('close', () => fail(undefined));
  return socket;
}

function fastParse() {
  const waiting = fast.waiting;
  const data = fast.received;
  const end = data.indexOf('\r\n\r\n');
  if (!waiting || end < 0) return;
  const lines = data.toString('latin1', 0, end).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  /** @type {Record<string, string>} */
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length)) {
    fast.socket?.destroy(new Error('The Runtime API answered without a Content-Length'));
    return;
  }
  if (data.length < end + 4 + length) return;
  fast.received = data.subarray(end + 4 + length);
  fast.waiting = undefined;
  fast.socket?.unref(); // idle: it must not keep the event loop alive (callback handlers wait for it)
  waiting.resolve({ status, headers, body: data.toString('utf8', end + 4, end + 4 + length) });
}

/** @param {string} request @param {NonNullable<typeof fast.waiting>} waiting */
function fastSend(request, waiting) {
  const socket = fastSocket();
  fast.used++;
  fast.waiting = waiting;
  socket.ref();
  socket.write(request);
}

/**
 * @param {'GET' | 'POST'} method
 * @param {string} route
 * @param {string} [body]
 * @returns {Promise<{ status: number, headers: Record<string, string>, body: string }>}
 */
function fastCall(method, route, body) {
  return new Promise((resolve, reject) => {
    const head = `${method} /2018-06-01/runtime${route} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`;
    const request =
      body === undefined
        ? `${head}\r\n`
        : `${head}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    fastSend(request, { request, retried: false, resolve, reject });
  });
}

// Console output as Lambda formats it: time, request id, level, message.
const write = (/** @type {string} */ level, /** @type {unknown[]} */ args) =>
  process.stdout.write(
    `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}\n`,
  );
console.log = (...args) => write('INFO', args);
console.info = (...args) => write('INFO', args);
console.warn = (...args) => write('WARN', args);
console.error = (...args) => write('ERROR', args);
console.debug = (...args) => write('DEBUG', args);
console.trace = (...args) =>
  write('TRACE', [util.format(...args), new Error().stack?.split('\n').slice(2).join('\n')]);

/**
 * An error as the Runtime API takes it. Values that are not errors (`callback('oops')`) are typed by
 * their JavaScript type, as on Lambda.
 * @param {unknown} error
 */
function errorPayload(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  if (error && typeof error === 'object') {
    const e = /** @type {Record<string, unknown>} */ (error);
    return {
      errorType: String(e.errorType ?? e.name ?? 'object'),
      errorMessage: String(e.errorMessage ?? e.message ?? JSON.stringify(error)),
      trace: [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/** The Node.js major version of the runtime the function declares (AWS_Lambda_nodejs22.x → 22). */
const runtimeMajor = Number(/^AWS_Lambda_nodejs(\d+)/.exec(process.env.AWS_EXECUTION_ENV ?? '')?.[1] ?? 0);

/**
 * A result JSON cannot hold (a cycle, a BigInt), as Lambda's runtime interface client reports it: up to
 * Node.js 22 a plain Error, from Node.js 24 (client 4.x) its own Runtime.JSONStringifyError.
 */
function serializationError() {
  return {
    errorType: runtimeMajor >= 24 ? 'Runtime.JSONStringifyError' : 'Error',
    errorMessage: 'Unable to stringify response body',
    trace: [],
  };
}

/** @param {string} route @param {{ errorType: string, errorMessage: string, trace: string[] }} payload */
function postError(route, payload) {
  return call('POST', route, JSON.stringify(payload), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': payload.errorType,
  });
}

/** @param {string} label @param {ReturnType<typeof errorPayload>} payload */
function logError(label, payload) {
  const { trace, ...rest } = payload;
  write('ERROR', [`${label} \t${JSON.stringify({ ...rest, stack: trace })}`]);
}

class InitError extends Error {
  /** @param {string} errorType @param {string} message */
  constructor(errorType, message) {
    super(message);
    this.errorType = errorType;
  }
}

/** Loads the handler: `dir/module.export.path` relative to the task root. */
async function loadHandler() {
  const handlerString = process.env._HANDLER ?? '';
  const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const lastSlash = handlerString.lastIndexOf('/');
  const match = /^([^.]*)\.(.*)$/.exec(handlerString.slice(lastSlash + 1));
  if (!match) throw new InitError('Runtime.MalformedHandlerName', `Bad handler ${handlerString}`);
  const modulePath = handlerString.slice(0, lastSlash + 1) + match[1];
  const base = path.resolve(taskRoot, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  /** @type {any} */
  let loaded;
  try {
    if (!file) loaded = require(require.resolve(modulePath, { paths: [taskRoot] }));
    else if (file.endsWith('.mjs') || (file.endsWith('.js') && isModulePackage(file)))
      loaded = await import(pathToFileURL(file).href);
    else loaded = require(file);
  } catch (error) {
    const e = /** @type {any} */ (error);
    if (e instanceof SyntaxError)
      throw new InitError('Runtime.UserCodeSyntaxError', `SyntaxError: ${e.message}`);
    if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') {
      if (!file)
        throw new InitError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`);
      throw new InitError('Runtime.ImportModuleError', `Error: ${e.message.split('\n')[0]}`);
    }
    throw error;
  }
  let handler = loaded;
  for (const key of match[2].split('.')) handler = handler?.[key];
  if (typeof handler !== 'function')
    throw new InitError('Runtime.HandlerNotFound', `${modulePath}.${match[2]} is undefined or not exported`);
  // Lambda's Node.js 24 runtime refuses a handler that takes a callback (three parameters) at init.
  if (runtimeMajor >= 24 && handler.length >= 3)
    throw new InitError(
      'Runtime.CallbackHandlerDeprecated',
      `${modulePath}.${match[2]} takes a callback (event, context, callback): Lambda's Node.js 24 runtime and later no longer run callback-style handlers. Make it async and return the result (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html).`,
    );
  return handler;
}

/**
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {() => boolean} waitsForEmptyLoop
 * @param {(value: boolean) => void} setWaits
 * @param {(outcome: { error?: unknown, result?: unknown }) => void} complete
 */
function makeContext(headers, waitsForEmptyLoop, setWaits, complete) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (/** @type {unknown} */ value) => (typeof value === 'string' ? JSON.parse(value) : undefined);
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitsForEmptyLoop();
    },
    set callbackWaitsForEmptyEventLoop(value) {
      setWaits(value);
    },
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: String(headers['lambda-runtime-invoked-function-arn']),
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: String(headers['lambda-runtime-aws-request-id']),
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parse(headers['lambda-runtime-cognito-identity']),
    clientContext: parse(headers['lambda-runtime-client-context']),
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    // The legacy completion methods.
    succeed: (/** @type {unknown} */ result) => complete({ result }),
    fail: (/** @type {unknown} */ error) => complete({ error: error ?? 'handled' }),
    done: (/** @type {unknown} */ error, /** @type {unknown} */ result) =>
      complete(error != null ? { error } : { result }),
  };
  return context;
}

/**
 * Runs one invocation and posts its outcome. A returned promise answers as soon as it settles; a
 * callback answers when the event loop is empty (unless callbackWaitsForEmptyEventLoop is false);
 * a handler that does neither answers null once the event loop is empty, as on Lambda.
 * @param {Function} handler
 * @param {{ headers: Record<string, string | string[] | undefined>, body: string }} next
 */
function invoke(handler, next) {
  const requestId = String(next.headers['lambda-runtime-aws-request-id']);
  return new Promise((resolveInvocation) => {
    let finished = false;
    let waitsForEmptyLoop = true;
    /** @type {{ error?: unknown, result?: unknown } | undefined} */
    let pending;
    const finish = async (/** @type {{ error?: unknown, result?: unknown }} */ outcome) => {
      if (finished) return;
      finished = true;
      process.removeListener('beforeExit', onEmptyLoop);
      try {
        if ('error' in outcome && outcome.error !== undefined) {
          const payload = errorPayload(outcome.error);
          logError('Invoke Error', payload);
          await postError(`/invocation/${requestId}/error`, payload);
        } else {
          let body;
          try {
            body = JSON.stringify(outcome.result === undefined ? null : outcome.result);
          } catch {
            const payload = serializationError();
            logError('Invoke Error', payload);
            await postError(`/invocation/${requestId}/error`, payload);
            return resolveInvocation(undefined);
          }
          await fastCall('POST', `/invocation/${requestId}/response`, body);
        }
      } finally {
        resolveInvocation(undefined);
      }
    };
    const onEmptyLoop = () => void finish(pending ?? { result: null });
    process.on('beforeExit', onEmptyLoop);
    const complete = (/** @type {{ error?: unknown, result?: unknown }} */ outcome) => {
      if (finished || pending) return;
      if (waitsForEmptyLoop) pending = outcome;
      else void finish(outcome);
    };
    const callback = (/** @type {unknown} */ error, /** @type {unknown} */ result) =>
      complete(error != null ? { error } : { result });
    const context = makeContext(
      next.headers,
      () => waitsForEmptyLoop,
      (value) => (waitsForEmptyLoop = value),
      complete,
    );
    let event;
    try {
      event = JSON.parse(next.body);
    } catch {
      event = next.body;
    }
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') {
        returned.then(
          (/** @type {unknown} */ result) => void finish({ result }),
          (/** @type {unknown} */ error) => void finish({ error: error ?? new Error('rejected') }),
        );
      }
    } catch (error) {
      void finish({ error });
    }
  });
}

/** @param {string} label @param {unknown} error */
async function crash(label, error) {
  const payload = errorPayload(error);
  if (label === 'Unhandled Promise Rejection') {
    payload.errorMessage = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    payload.errorType = 'Runtime.UnhandledPromiseRejection';
  }
  logError(label, payload);
  const route = currentRequestId ? `/invocation/${currentRequestId}/error` : '/init/error';
  try {
    await postError(route, payload);
  } finally {
    // Lambda discards an environment whose runtime failed this way.
    process.exit(129);
  }
}

process.on('uncaughtException', (error) => void crash('Uncaught Exception', error));
process.on('unhandledRejection', (reason) => void crash('Unhandled Promise Rejection', reason));

async function main() {
  isolate();
  // Lambda's own Node.js runtime is an ES module, so its module loader is up before the handler loads.
  await import('node:url');
  // The runtime is booted. Ownless starts some environments ahead of their first invocation: such an
  // environment waits here, and loads the handler (the function's init) once it is given one.
  const start = await call('GET', '', undefined, {}, '/ownless/start');
  if (start.status !== 200) throw new Error(`Runtime API answered ${start.status} to start: ${start.body}`);
  /** @type {Function} */
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    const payload =
      error instanceof InitError
        ? { errorType: error.errorType, errorMessage: error.message, trace: (error.stack ?? '').split('\n') }
        : errorPayload(error);
    logError('Uncaught Exception', payload);
    await postError('/init/error', payload);
    process.exit(129);
  }
  for (;;) {
    const next = await fastCall('GET', '/invocation/next');
    if (next.status !== 200) throw new Error(`Runtime API answered ${next.status} to next: ${next.body}`);
    currentRequestId = String(next.headers['lambda-runtime-aws-request-id']);
    const trace = next.headers['lambda-runtime-trace-id'];
    if (typeof trace === 'string') process.env._X_AMZN_TRACE_ID = trace;
    else delete process.env._X_AMZN_TRACE_ID;
    await invoke(handler, next);
    currentRequestId = undefined;
  }
}

main().catch((error) => {
  process.stderr.write(`Runtime error: ${error?.stack ?? error}\n`);
  process.exit(1);
});
