// Local invoke benchmark: a hello-world Node.js handler (bench/fixtures/hello) invoked through the
// Lambda Invoke API, Ownless against its peers, on the same machine in the same run.
// Run after `npm run build` (it needs dist/cli.js and dist/runtime/): `node bench/invoke.mjs`.
//
//   --cold N        cold samples per runtime (default 10; one more, unmeasured, warms caches first)
//   --warm N        warm invocations per runtime (default 200, after 20 unmeasured)
//   --no-peers      Ownless only
//   --no-install    do not install missing peers (they are reported as not run)
//   --check         exit 1 when an Ownless target fails
//
// - Ownless: `node dist/cli.js serve bench/fixtures/hello --port 0` in a child process; the bench reads
//   the endpoint, credentials and region it prints and invokes `Hello` with @aws-sdk/client-lambda.
//   Cold: the first invoke after `ready`, a fresh `serve` each sample (server start timed separately).
//   Warm: invokes on one server after warm-up. Also, for the breakdown, `LocalRuntime.invoke()` in this
//   process (src/lambda/local bundled with esbuild into bench/.cache/local/), without HTTP or the SDK,
//   with its default spare environment and (cold only) without one (`prewarm: 0`).
//   Ownless starts a spare environment per function (up to two) before it is ready: a node process
//   booted up to the point where it would load the handler. The cold invoke takes it, so it pays the
//   function's init (loading the handler: the Init Duration it reports) but not node's boot, which is
//   in the start time instead. The `prewarm: 0` row is the cold start without that.
// - lambda-local: `execute({ event, lambdaPath, esm: true })` in a fresh node process (it has no Invoke
//   API): cold is the first execute, warm the following ones.
// - serverless-offline (Serverless Framework v3 plugin): `serverless offline start` in the fixture
//   folder, invoked with the same SDK on its lambda port.
// Peers are installed on demand into bench/.cache/peers/ (git-ignored). Cold samples of the runtimes
// are interleaved so that load from other work on the machine falls on all of them alike.
// Progress goes to stderr; the Markdown section to stdout; raw numbers to bench/.cache/invoke.json.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fmtMs, median, percentile } from './lib/stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'bench', '.cache');
const PEERS = join(CACHE, 'peers');
const FIXTURE = join(ROOT, 'bench', 'fixtures', 'hello');
const CLI = join(ROOT, 'dist', 'cli.js');
const FUNCTION_NAME = 'Hello';
const EVENT = { source: 'bench' };
const PAYLOAD = new TextEncoder().encode(JSON.stringify(EVENT));
const EXPECTED = JSON.stringify({ statusCode: 200, body: 'hello' });
const PEER_VERSIONS = ['lambda-local@2.2.0', 'serverless@3.40.0', 'serverless-offline@13.10.1'];
const TARGETS = { cold: 150, warm: 3 }; // ms, Ownless through the Invoke API
const READY_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 10_000;
const WARMUP = 20;
// Serverless Framework v3 reaches the network for telemetry, notifications and update checks: off.
const SLS_ENV = {
  SLS_TELEMETRY_DISABLED: '1',
  SLS_TRACKING_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_DEPRECATION_DISABLE: '*',
  SLS_INTERACTIVE_SETUP_DISABLE: '1',
  SLS_ANALYTICS_DISABLED: '1',
};

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
function intOption(name, fallback) {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive integer`);
  return n;
}
const COLD_N = intOption('--cold', 10);
const WARM_N = intOption('--warm', 200);
const PEERS_ON = !flag('--no-peers');
const INSTALL = !flag('--no-install');
const CHECK = flag('--check');

const log = (s) => process.stderr.write(`${s}\n`);
const round = (ms) => Math.round(ms * 1000) / 1000;

// ---------------------------------------------------------------------------------------------
// Child processes: lines, readiness, shutdown

/** Follows a child's stdout and stderr line by line; keeps the last lines for error messages. */
function watch(child) {
  const tail = [];
  const waiters = new Set();
  let exited = null;
  const onLine = (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    for (const waiter of waiters) {
      const match = waiter.test(line);
      if (match) {
        waiters.delete(waiter);
        waiter.resolve(match);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr])
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  const exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      for (const waiter of waiters)
        waiter.reject(new Error(`exited (${signal ?? code}) before ready:\n${tail.join('\n')}`));
      waiters.clear();
      resolve(exited);
    }),
  );
  child.on('error', (error) => {
    for (const waiter of waiters) waiter.reject(error);
    waiters.clear();
  });
  return {
    tail,
    exit,
    /** Resolves with test(line)'s first truthy result; rejects on exit or after timeoutMs. */
    until(test, timeoutMs = READY_TIMEOUT_MS) {
      if (exited) return Promise.reject(new Error(`exited before ready:\n${tail.join('\n')}`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`not ready after ${timeoutMs} ms:\n${tail.join('\n')}`));
        }, timeoutMs);
        const waiter = {
          test,
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        };
        waiters.add(waiter);
      });
    },
  };
}

/** SIGTERM, then SIGKILL if the child has not exited within EXIT_TIMEOUT_MS. */
async function stop(child, watcher) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve(true), EXIT_TIMEOUT_MS)));
  if (await Promise.race([watcher.exit.then(() => false), timedOut])) {
    log(`  pid ${child.pid} ignored SIGTERM; killing it`);
    child.kill('SIGKILL');
    await watcher.exit;
  }
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Invoking through the Lambda API with the AWS SDK

// The SDK warns that its releases from 2027 need node 22; that is noise on stderr here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');

async function sdkClient(endpoint, region, credentials) {
  const client = new LambdaClient({ endpoint, region, credentials, maxAttempts: 1 });
  // Resolve the memoised providers now, so a cold sample times the request and not the client's setup.
  await client.config.credentials();
  await client.config.region();
  return client;
}

/** One Invoke; returns its wall-clock milliseconds, after checking the function's answer. */
async function timedInvoke(client, logType = 'None') {
  const command = new InvokeCommand({ FunctionName: FUNCTION_NAME, Payload: PAYLOAD, LogType: logType });
  const start = performance.now();
  const out = await client.send(command);
  const ms = performance.now() - start;
  const body = Buffer.from(out.Payload ?? []).toString('utf8');
  if (out.StatusCode !== 200 || out.FunctionError || body !== EXPECTED)
    throw new Error(`unexpected answer: ${out.StatusCode} ${out.FunctionError ?? ''} ${body}`);
  const logs = out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '';
  const init = /Init Duration: ([\d.]+) ms/.exec(logs);
  return { ms, initDuration: init ? Number(init[1]) : undefined };
}

async function warmLoop(invokeOnce) {
  for (let i = 0; i < WARMUP; i++) await invokeOnce();
  const samples = [];
  for (let i = 0; i < WARM_N; i++) samples.push(await invokeOnce());
  return samples;
}

/** Cold: a fresh server, its first Invoke. Warm: one server, invokes after warm-up. */
function throughInvokeApi(key, startServer) {
  return {
    key,
    async cold() {
      const server = await startServer();
      try {
        const { ms, initDuration } = await timedInvoke(server.client, 'Tail');
        return { coldMs: ms, startMs: server.startMs, initDuration };
      } finally {
        await server.close();
      }
    },
    async warm() {
      const server = await startServer();
      try {
        return await warmLoop(async () => (await timedInvoke(server.client)).ms);
      } finally {
        await server.close();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Ownless: `ownless serve` + SDK

async function startOwnless() {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', FIXTURE, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watcher = watch(child);
  const settings = {};
  try {
    await watcher.until((line) => {
      const kv = /^([A-Z_]+)=(.*)$/.exec(line);
      if (kv) settings[kv[1]] = kv[2];
      return line === 'ready';
    });
  } catch (error) {
    await stop(child, watcher);
    throw error;
  }
  const startMs = performance.now() - started;
  const client = await sdkClient(settings.AWS_ENDPOINT_URL_LAMBDA, settings.AWS_REGION, {
    accessKeyId: settings.AWS_ACCESS_KEY_ID,
    secretAccessKey: settings.AWS_SECRET_ACCESS_KEY,
  });
  return { startMs, client, close: () => (client.destroy(), stop(child, watcher)) };
}

const ownless = throughInvokeApi('ownless', startOwnless);

// ---------------------------------------------------------------------------------------------
// Ownless in this process: LocalRuntime.invoke(), no HTTP, no SDK (for the breakdown)

async function loadLocalRuntime() {
  const outdir = join(CACHE, 'local');
  const bundle = join(outdir, 'local-runtime.cjs');
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(ROOT, 'src', 'lambda', 'local', 'index.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  // launch.ts looks for the bootstraps in runtime/ beside the bundle, as in dist/.
  mkdirSync(join(outdir, 'runtime'), { recursive: true });
  for (const file of ['node-bootstrap.js', 'python_bootstrap.py'])
    copyFileSync(join(ROOT, 'src', 'lambda', 'local', 'runtime', file), join(outdir, 'runtime', file));
  return createRequire(import.meta.url)(bundle).LocalRuntime;
}

function inProcess(LocalRuntime, { key = 'ownlessInProcess', prewarm } = {}) {
  const templates = [join(FIXTURE, 'template.yaml')];
  const payload = JSON.stringify(EVENT);
  const once = async (runtime) => {
    const start = performance.now();
    const result = await runtime.invoke(FUNCTION_NAME, payload);
    const ms = performance.now() - start;
    if (result.statusCode !== 200 || result.functionError || result.payload !== EXPECTED)
      throw new Error(`unexpected answer: ${result.statusCode} ${result.payload}`);
    return { ms, initDuration: result.initDuration };
  };
  return {
    key,
    async cold() {
      const started = performance.now();
      const runtime = await LocalRuntime.start({ templates, port: 0, prewarm });
      const startMs = performance.now() - started;
      try {
        const { ms, initDuration } = await once(runtime);
        return { coldMs: ms, startMs, initDuration };
      } finally {
        await runtime.stop();
      }
    },
    warm:
      prewarm === 0
        ? undefined
        : async () => {
            const runtime = await LocalRuntime.start({ templates, port: 0, prewarm });
            try {
              return await warmLoop(async () => (await once(runtime)).ms);
            } finally {
              await runtime.stop();
            }
          },
  };
}

// ---------------------------------------------------------------------------------------------
// lambda-local: execute() in a fresh node process

const LAMBDA_LOCAL_CHILD = `
const opts = JSON.parse(process.env.BENCH_LAMBDA_LOCAL);
const { createRequire } = await import('node:module');
const lambdaLocal = createRequire(opts.peers + '/')('lambda-local');
process.stdout.write('ready\\n');
const once = async () => {
  const start = performance.now();
  const result = await lambdaLocal.execute({
    event: opts.event, lambdaPath: opts.lambdaPath, esm: true, verboseLevel: 0, timeoutMs: 10000,
  });
  const ms = performance.now() - start;
  if (JSON.stringify(result) !== opts.expected) throw new Error('unexpected answer: ' + JSON.stringify(result));
  return ms;
};
const cold = await once();
const warm = [];
for (let i = 0; i < opts.warmup + opts.warm; i++) warm.push(await once());
process.stdout.write(JSON.stringify({ cold, warm: warm.slice(opts.warmup) }) + '\\n', () => process.exit(0));
`;

async function runLambdaLocal(warm) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', LAMBDA_LOCAL_CHILD], {
    cwd: FIXTURE,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BENCH_LAMBDA_LOCAL: JSON.stringify({
        peers: PEERS,
        lambdaPath: join(FIXTURE, 'index.mjs'),
        event: EVENT,
        expected: EXPECTED,
        warmup: warm ? WARMUP : 0,
        warm: warm ? WARM_N : 0,
      }),
    },
  });
  const watcher = watch(child);
  try {
    await watcher.until((line) => line === 'ready');
    const startMs = performance.now() - started;
    const result = await watcher.until((line) => line.startsWith('{') && JSON.parse(line));
    return { ...result, startMs };
  } finally {
    await stop(child, watcher);
  }
}

const lambdaLocal = {
  key: 'lambdaLocal',
  async cold() {
    const { cold, startMs } = await runLambdaLocal(false);
    return { coldMs: cold, startMs };
  },
  async warm() {
    return (await runLambdaLocal(true)).warm;
  },
};

// ---------------------------------------------------------------------------------------------
// serverless-offline (Serverless Framework v3): `serverless offline start` + SDK on its lambda port

async function startServerlessOffline() {
  const port = await freePort();
  const started = performance.now();
  const bin = join(PEERS, 'node_modules', 'serverless', 'bin', 'serverless.js');
  const args = ['offline', 'start', '--noPrependStageInUrl', '--host', '127.0.0.1'];
  args.push('--lambdaPort', String(port), '--noSponsor');
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: FIXTURE,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...SLS_ENV },
  });
  const watcher = watch(child);
  try {
    await watcher.until((line) => line.includes('[http for lambda] listening on'));
  } catch (error) {
    await stop(child, watcher);
    throw error;
  }
  const startMs = performance.now() - started;
  const client = await sdkClient(`http://127.0.0.1:${port}`, 'us-east-1', {
    accessKeyId: 'bench',
    secretAccessKey: 'bench',
  });
  return { startMs, client, close: () => (client.destroy(), stop(child, watcher)) };
}

const serverlessOffline = throughInvokeApi('serverlessOffline', startServerlessOffline);

// ---------------------------------------------------------------------------------------------
// Baselines: what this machine charges any runtime (node's own start, the SDK and HTTP round trip)

/** `node -e 0`, spawn → exit: the floor of a cold start that starts a node process. */
const nodeStart = {
  key: 'nodeStart',
  async cold() {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`node -e 0 exited ${code}`);
    return { coldMs: performance.now() - started };
  },
};

const FLOOR_SERVER = `
const { createServer } = await import('node:http');
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
    response.end(process.env.BENCH_BODY);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port=' + server.address().port + '\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

async function startFloorServer() {
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', FLOOR_SERVER], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BENCH_BODY: EXPECTED },
  });
  const watcher = watch(child);
  let port;
  try {
    [, port] = await watcher.until((line) => /^port=(\d+)$/.exec(line));
  } catch (error) {
    await stop(child, watcher);
    throw error;
  }
  const startMs = performance.now() - started;
  const client = await sdkClient(`http://127.0.0.1:${port}`, 'us-east-1', {
    accessKeyId: 'bench',
    secretAccessKey: 'bench',
  });
  return { startMs, client, close: () => (client.destroy(), stop(child, watcher)) };
}

// ---------------------------------------------------------------------------------------------
// Setup

function peerVersion(name) {
  try {
    return JSON.parse(readFileSync(join(PEERS, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Installs the peers from the npm registry when one is missing; returns why they cannot run, if so. */
function ensurePeers() {
  const missing = () => PEER_VERSIONS.map((p) => p.replace(/@[^@]*$/, '')).filter((n) => !peerVersion(n));
  if (missing().length === 0) return undefined;
  if (!INSTALL) return `not installed (${missing().join(', ')}; run without --no-install)`;
  log(`Installing ${PEER_VERSIONS.join(' ')} into bench/.cache/peers (once; about a minute)…`);
  mkdirSync(PEERS, { recursive: true });
  const started = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(
    npm,
    ['install', '--prefix', PEERS, '--no-audit', '--no-fund', '--loglevel=error', ...PEER_VERSIONS],
    { stdio: ['ignore', 2, 2], timeout: 10 * 60_000 },
  );
  log(`  npm install: exit ${install.status ?? install.signal}, ${fmtMs(performance.now() - started)}`);
  return missing().length === 0 ? undefined : `npm install failed (exit ${install.status ?? install.error})`;
}

function tryRun(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const benchStarted = performance.now();
const machine = {
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  node: process.version,
  commit: tryRun('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown',
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  loadStart: loadavg().map((x) => Number(x.toFixed(2))),
};
log(`Local invoke bench — ${machine.cpu}, node ${machine.node}, load ${machine.loadStart.join(' ')}`);

if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'runtime', 'node-bootstrap.js'))) {
  log('dist/cli.js or dist/runtime/ is missing: run `npm run build` first.');
  process.exit(2);
}

const rows = [
  {
    key: 'ownless',
    label: 'Ownless `serve`',
    how: 'AWS SDK Invoke → `ownless serve`',
    runner: ownless,
  },
  {
    key: 'ownlessInProcess',
    label: 'Ownless `LocalRuntime` (breakdown)',
    how: '`runtime.invoke()` in the bench process, no HTTP/SDK',
  },
  {
    key: 'ownlessNoSpare',
    label: 'Ownless `LocalRuntime`, no spare (breakdown)',
    how: 'the same with `prewarm: 0`: the cold start boots node (cold only)',
  },
  { key: 'lambdaLocal', label: 'lambda-local', how: '`execute()` in process (no Invoke API)' },
  { key: 'serverlessOffline', label: 'serverless-offline', how: 'AWS SDK Invoke → lambda port' },
  {
    key: 'floor',
    label: '_baseline: bare HTTP server_',
    how: 'AWS SDK Invoke → `node:http` answering at once',
    runner: throughInvokeApi('floor', startFloorServer),
  },
  {
    key: 'nodeStart',
    label: '_baseline: node start_',
    how: '`node -e 0`, spawn → exit (in the cold column)',
    runner: nodeStart,
  },
];
const row = (key) => rows.find((r) => r.key === key);

try {
  const LocalRuntime = await loadLocalRuntime();
  row('ownlessInProcess').runner = inProcess(LocalRuntime);
  row('ownlessNoSpare').runner = inProcess(LocalRuntime, { key: 'ownlessNoSpare', prewarm: 0 });
} catch (error) {
  for (const key of ['ownlessInProcess', 'ownlessNoSpare'])
    row(key).error = `bundle failed: ${error.message.split('\n')[0]}`;
}

if (PEERS_ON) {
  const why = ensurePeers();
  for (const key of ['lambdaLocal', 'serverlessOffline']) {
    if (why) row(key).error = why;
    else row(key).runner = key === 'lambdaLocal' ? lambdaLocal : serverlessOffline;
  }
  const ll = peerVersion('lambda-local');
  const sls = peerVersion('serverless');
  const so = peerVersion('serverless-offline');
  if (ll) row('lambdaLocal').label = `lambda-local ${ll}`;
  if (so) row('serverlessOffline').label = `serverless-offline ${so} (serverless ${sls})`;
} else {
  for (const key of ['lambdaLocal', 'serverlessOffline']) row(key).error = 'skipped (--no-peers)';
}

// ---------------------------------------------------------------------------------------------
// Measure: cold samples interleaved across runtimes (sample 0 unmeasured), then warm loops

for (const r of rows) Object.assign(r, { cold: [], start: [], init: [] });
const active = () => rows.filter((r) => r.runner && !r.error);

for (let i = 0; i <= COLD_N; i++) {
  log(i === 0 ? 'Cold: one unmeasured round (caches, JIT)…' : `Cold sample ${i}/${COLD_N}`);
  for (const r of active()) {
    try {
      const { coldMs, startMs, initDuration } = await r.runner.cold();
      if (i === 0) continue;
      r.cold.push(coldMs);
      if (startMs !== undefined) r.start.push(startMs);
      if (initDuration !== undefined) r.init.push(initDuration);
      log(`  ${r.label}: start ${startMs === undefined ? '–' : fmtMs(startMs)}, cold ${fmtMs(coldMs)}`);
    } catch (error) {
      r.error = `cold invoke failed: ${error.message.split('\n')[0]}`;
      r.errorDetail = error.message;
      log(`  ${r.label}: ${error.message}`);
    }
  }
}

for (const r of active().filter((r) => r.runner.warm)) {
  log(`Warm: ${r.label}, ${WARMUP} + ${WARM_N} invokes…`);
  try {
    r.warm = await r.runner.warm();
  } catch (error) {
    r.error = `warm invoke failed: ${error.message.split('\n')[0]}`;
    r.errorDetail = error.message;
    log(`  ${error.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

machine.loadEnd = loadavg().map((x) => Number(x.toFixed(2)));
const elapsedS = (performance.now() - benchStarted) / 1000;
const stats = (samples) => {
  if (!samples?.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: round(median(sorted)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
  };
};
for (const r of rows) {
  r.summary = { cold: stats(r.cold), warm: stats(r.warm), start: stats(r.start), init: stats(r.init) };
}

const cell = (s, field = 'median') => (s ? fmtMs(s[field]) : '–');
const own = row('ownless').summary;
const verdict = (s, limit) =>
  s ? `${s.median <= limit ? 'pass' : 'FAIL'} (${fmtMs(s.median)})` : 'FAIL (not run)';
const coldPass = own.cold ? own.cold.median <= TARGETS.cold : false;
const warmPass = own.warm ? own.warm.median <= TARGETS.warm : false;

const md = [];
md.push('## Local invoke (hello-world Node handler, through the Invoke API)', '');
md.push(
  `${machine.cpu}, ${machine.memory}, node ${machine.node}, commit ${machine.commit}, ${machine.date}. ` +
    `Load average (1/5/15 min) ${machine.loadStart.join(' / ')} at start, ` +
    `${machine.loadEnd.join(' / ')} at end; ${elapsedS.toFixed(0)} s.`,
  '',
);
md.push(
  `| runtime | invoked through | cold, median of ${COLD_N} (min–max) | warm median | warm p95 | start time, median |`,
);
md.push('| --- | --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  if (r.error && !r.summary.cold) {
    md.push(`| ${r.label} | ${r.how} | not run: ${r.error.replaceAll('|', '\\|')} | | | |`);
    continue;
  }
  const { cold, warm, start } = r.summary;
  const range = cold ? ` (${fmtMs(cold.min)}–${fmtMs(cold.max)})` : '';
  const warmCells = warm
    ? `${cell(warm)} | ${cell(warm, 'p95')}`
    : `${r.error ? `failed: ${r.error.replaceAll('|', '\\|')}` : '–'} | –`;
  md.push(`| ${r.label} | ${r.how} | ${cell(cold)}${range} | ${warmCells} | ${cell(start)} |`);
}
md.push('');
md.push(
  `Targets (Ownless through the Invoke API): cold ≤ ${TARGETS.cold} ms — ${verdict(own.cold, TARGETS.cold)}; ` +
    `warm ≤ ${TARGETS.warm} ms — ${verdict(own.warm, TARGETS.warm)}.`,
  '',
);
const notes = [
  `Cold: the first invoke after the server (or process) is ready, a fresh one per sample, ` +
    `one unmeasured round first; the runtimes' samples are interleaved. Start time (spawn → ready) is not in it.`,
  `Warm: ${WARM_N} sequential invokes after ${WARMUP} unmeasured, on one server (SDK keep-alive).`,
];
if (row('ownless').summary.init)
  notes.push(
    `Ownless reported Init Duration (median) ${fmtMs(row('ownless').summary.init.median)} on its cold invokes.`,
  );
notes.push(
  'Ownless starts a spare environment before it is ready (node booted, the handler not loaded): ' +
    "its cold invoke loads the handler (that is its Init Duration) but skips node's boot, which is in " +
    'its start time instead. The `prewarm: 0` row is a cold start without a spare' +
    (row('ownlessNoSpare').summary.init
      ? ` (Init Duration, boot included, ${fmtMs(row('ownlessNoSpare').summary.init.median)}).`
      : '.'),
);
notes.push(
  'lambda-local has no Invoke API: its times are `execute()` calls inside its own process, ' +
    'so they carry no HTTP or SDK cost; it runs the handler in its own process, not in a separate environment.',
  'serverless-offline runs the handler in a worker thread of its own process (its default).',
  'Baselines: `node -e 0` is the floor of a cold start that starts a node process; the bare HTTP ' +
    'server is the floor of an Invoke through the SDK (signing, HTTP on loopback, parsing) on this machine.',
);
md.push(...notes.map((n) => `- ${n}`));
const markdown = md.join('\n') + '\n';
process.stdout.write(markdown);

mkdirSync(CACHE, { recursive: true });
const json = {
  machine,
  elapsedSeconds: round(elapsedS),
  options: { cold: COLD_N, warm: WARM_N, warmup: WARMUP },
  targets: { coldMs: TARGETS.cold, warmMs: TARGETS.warm, coldPass, warmPass },
  runtimes: Object.fromEntries(
    rows.map((r) => [
      r.key,
      {
        label: r.label,
        how: r.how,
        error: r.errorDetail ?? r.error,
        ...r.summary,
        samples: { cold: r.cold.map(round), start: r.start.map(round), warm: (r.warm ?? []).map(round) },
      },
    ]),
  ),
};
writeFileSync(join(CACHE, 'invoke.json'), JSON.stringify(json, null, 2) + '\n');
log(`Raw numbers: bench/.cache/invoke.json (${elapsedS.toFixed(0)} s)`);
process.exitCode = CHECK && !(coldPass && warmPass) ? 1 : 0;
