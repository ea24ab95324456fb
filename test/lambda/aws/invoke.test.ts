/**
 * Invoke on the AWS path: the REPORT line read into numbers; the wait sized by the function's own
 * Timeout, never re-sent, cancelled on request (against a scripted Lambda endpoint, which can be made
 * slow or failing at will); then real runs through the local runtime's Lambda API, which returns log
 * tails, REPORT lines, function errors and paginated listings as Lambda does.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AwsClients,
  createAwsClients,
  formatReport,
  invokeFunction,
  listFunctions,
  parseReportLine,
} from '../../../src/lambda/aws';
import { type Started, startFixtureRuntime } from '../local/helpers';
import { rejection } from '../../helpers/rejection';

const REPORT =
  'REPORT RequestId: 6f1c-42\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.12 ms\t\n';

describe('parseReportLine', () => {
  it('reads every field of a cold start', () => {
    expect(parseReportLine(`START RequestId: 6f1c-42\nhello\nEND RequestId: 6f1c-42\n${REPORT}`)).toEqual({
      requestId: '6f1c-42',
      durationMs: 12.34,
      billedDurationMs: 13,
      memorySizeMB: 128,
      maxMemoryUsedMB: 70,
      initDurationMs: 150.12,
    });
  });

  it('reads a timeout, a SnapStart restore, and takes the last REPORT of a tail', () => {
    const earlier =
      'REPORT RequestId: a\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB';
    const last =
      'REPORT RequestId: b\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB\tRestore Duration: 300.5 ms\tStatus: timeout';
    const report = parseReportLine(`${earlier}\n${last}\n`);
    expect(report).toEqual({
      requestId: 'b',
      durationMs: 3000,
      billedDurationMs: 3000,
      memorySizeMB: 256,
      maxMemoryUsedMB: 80,
      restoreDurationMs: 300.5,
      status: 'timeout',
    });
    expect(formatReport(report!)).toBe(
      'duration 3000 ms (billed 3000 ms), memory 80 of 256 MB, restore 300.5 ms, status timeout',
    );
  });

  it('gives nothing for logs without a whole REPORT line', () => {
    expect(parseReportLine('just a log line\n')).toBeUndefined();
    expect(parseReportLine('REPORT RequestId: x\tDuration: 1 ms\n')).toBeUndefined();
  });
});

/** A Lambda endpoint whose configuration and answers each test scripts. */
interface Script {
  timeout: number;
  delayMs: number;
  /** Status codes to answer Invoke with before succeeding (429 throttles, 500 fails). */
  failures: number[];
  denyConfiguration: boolean;
}

let script: Script;
let invokes = 0;
let server: Server;
let scripted: AwsClients;

function answer(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  req.resume();
  if (req.method === 'GET' && url.endsWith('/configuration')) {
    if (script.denyConfiguration) {
      answer(res, 403, { message: 'not allowed' }, { 'x-amzn-ErrorType': 'AccessDeniedException' });
    } else answer(res, 200, { FunctionName: 'slow', Timeout: script.timeout });
    return;
  }
  if (req.method === 'POST' && url.endsWith('/invocations')) {
    invokes += 1;
    const failure = script.failures.shift();
    if (failure === 429) {
      answer(res, 429, { message: 'Rate Exceeded.' }, { 'x-amzn-ErrorType': 'TooManyRequestsException' });
      return;
    }
    if (failure === 500) {
      answer(res, 500, { message: 'boom' }, { 'x-amzn-ErrorType': 'ServiceException' });
      return;
    }
    const timer = setTimeout(
      () =>
        answer(
          res,
          200,
          { ok: true },
          {
            'X-Amz-Executed-Version': '$LATEST',
            'X-Amz-Log-Result': Buffer.from(`START\n${REPORT}`).toString('base64'),
          },
        ),
      script.delayMs,
    );
    res.on('close', () => clearTimeout(timer));
    return;
  }
  answer(res, 404, { message: 'unknown' });
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  scripted = createAwsClients({
    region: 'us-east-1',
    endpointUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'AKIAOWNLESSTESTKEY01', secretAccessKey: 'secret' },
  });
});
afterAll(async () => {
  scripted?.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

function reset(overrides: Partial<Script> = {}): void {
  script = { timeout: 1, delayMs: 0, failures: [], denyConfiguration: false, ...overrides };
  invokes = 0;
}

describe('invokeFunction: the wait', () => {
  it('waits as long as the function timeout and margin, then says so, sending the invocation once', async () => {
    reset({ timeout: 1, delayMs: 3000 });
    const started = Date.now();
    const error = await rejection(invokeFunction(scripted, 'slow', { marginSeconds: 0.5 }));
    expect(error.code).toBe('InvokeTimedOut');
    expect(error.message).toMatch(/^No answer from slow after \d+ s \(its timeout is 1 s\)\.$/);
    expect(error.nextStep).toContain('/aws/lambda/slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(Date.now() - started).toBeLessThan(2900);
    expect(invokes).toBe(1);
  });

  it('gets a slow answer when the function timeout allows it', async () => {
    reset({ timeout: 2, delayMs: 1200 });
    const ticks: number[] = [];
    const outcome = await invokeFunction(scripted, 'slow', {
      marginSeconds: 0,
      progressIntervalMs: 200,
      onProgress: (p) => ticks.push(p.elapsedMs),
    });
    expect(outcome.payload).toBe('{"ok":true}');
    expect(outcome.timeoutSeconds).toBe(2);
    expect(outcome.report?.durationMs).toBe(12.34);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
  });

  it('retries throttling (the function did not run) but not a server error (it may have)', async () => {
    reset({ failures: [429] });
    expect((await invokeFunction(scripted, 'slow')).statusCode).toBe(200);
    expect(invokes).toBe(2);
    reset({ failures: [500] });
    const error = await rejection(invokeFunction(scripted, 'slow'));
    expect(error.message).toContain('internal error');
    expect(invokes).toBe(1);
  });

  it('invokes with the longest timeout when the configuration may not be read', async () => {
    reset({ denyConfiguration: true });
    const outcome = await invokeFunction(scripted, 'slow');
    expect(outcome.timeoutSeconds).toBe(900);
  });

  it('stops waiting when cancelled, saying the invocation may go on', async () => {
    reset({ timeout: 10, delayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const error = await rejection(invokeFunction(scripted, 'slow', { signal: controller.signal }));
    expect(error.code).toBe('Cancelled');
    expect(error.message).toContain('may still be running on AWS');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('through the local runtime Lambda API', () => {
  let started: Started;
  let local: AwsClients;

  beforeAll(async () => {
    started = await startFixtureRuntime();
    local = createAwsClients({
      region: 'eu-west-1',
      endpointUrl: started.runtime.endpoint,
      credentials: started.runtime.credentials,
    });
  });
  afterAll(async () => {
    local?.destroy();
    await started?.stop();
  });

  it('returns the payload apart from the log tail, with the REPORT in numbers', async () => {
    const outcome = await invokeFunction(local, 'ownless-echo', { payload: '{"action":"log"}' });
    expect(outcome.statusCode).toBe(200);
    expect(outcome.executedVersion).toBe('$LATEST');
    expect(outcome.payload).toBe('"logged"');
    expect(outcome.functionError).toBeUndefined();
    expect(outcome.logTail).toContain('hello from ownless-echo');
    expect(outcome.payload).not.toContain('hello from');
    expect(outcome.report?.memorySizeMB).toBe(256);
    expect(outcome.report?.initDurationMs).toBeGreaterThan(0);
    expect(outcome.timeoutSeconds).toBe(3);
    const warm = await invokeFunction(local, 'ownless-echo', { payload: '{"action":"log"}' });
    expect(warm.report?.initDurationMs).toBeUndefined();
  });

  it('reports a function error with its type and message', async () => {
    const outcome = await invokeFunction(local, 'ownless-echo', { payload: '{"action":"error"}' });
    expect(outcome.functionError).toBe('Unhandled');
    expect(outcome.error).toMatchObject({ type: 'RangeError', message: 'out of range' });
  });

  it('says a missing function does not exist there', async () => {
    const error = await rejection(invokeFunction(local, 'nope'));
    expect(error.code).toBe('ResourceNotFoundException');
    expect(error.message).toBe(
      `The function nope does not exist in ${started.runtime.endpoint} (region eu-west-1).`,
    );
  });

  it('lists every page, and stops at the cap', async () => {
    const all = await listFunctions(local, { pageSize: 2 });
    const count = started.runtime.functions().length;
    expect(all.functions).toHaveLength(count);
    expect(all.pages).toBe(Math.ceil(count / 2));
    expect(all.truncated).toBe(false);
    expect(all.functions.map((f) => f.name)).toContain('ownless-echo');
    const capped = await listFunctions(local, { pageSize: 2, maxFunctions: 5 });
    expect(capped.functions).toHaveLength(5);
    expect(capped.truncated).toBe(true);
    expect(capped.pages).toBe(3);
  });

  it('cancels a listing', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await rejection(listFunctions(local, { signal: controller.signal }))).code).toBe('Cancelled');
  });
});

describe('an endpoint nobody listens on', () => {
  it('says it cannot be reached', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const clients = createAwsClients({
      region: 'us-east-1',
      endpointUrl: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIAOWNLESSTESTKEY01', secretAccessKey: 'secret' },
    });
    try {
      const error = await rejection(listFunctions(clients));
      expect(error.code).toBe('Network');
      expect(error.message).toBe(`Cannot reach http://127.0.0.1:${port}: the connection was refused.`);
    } finally {
      clients.destroy();
    }
  });
});
