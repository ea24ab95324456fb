/**
 * The AWS CDK as the oracle of the CDK adapter's static tier: each TypeScript/JavaScript fixture app
 * under test/oracles/cdk/ is synthesized by `cdk synth` (aws-cdk-lib 2.278 and aws-cdk, installed by
 * scripts/install-oracles.sh into .cache/oracles/cdk; TypeScript transpiled by esbuild first, and
 * NodejsFunction bundled by it), and every function the static reading finds is compared with the synthesized
 * template on what the rules read: ids (construct paths), memory, timeout, runtime, handler,
 * architecture, VPC, file systems, image, storage, reserved and provisioned concurrency, schedules,
 * event source mappings and their queues, URLs, failure destinations, capacity providers, APIs.
 *
 * Python apps cannot be synthesized here (the Python aws-cdk-lib comes from PyPI, which is not
 * reachable): the fixtures under test/oracles/cdk-python/ are compared with `expected.json`, written
 * by hand from the CDK's documented behaviour, in the same terms.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCodeParsers } from '../../src/core/code/parsers';
import { type CdkSemantics, readCdk } from '../../src/core/formats/cdk';
import type { LambdaFunction, Value } from '../../src/core/model/types';
import { asNumber, asString } from '../../src/core/model/values';

const ROOT = resolve(__dirname, '../..');
const MODULES = join(ROOT, '.cache/oracles/cdk/node_modules');
const CDK = join(MODULES, 'aws-cdk/bin/cdk');
const FIXTURES = join(__dirname, 'cdk');
const PYTHON_FIXTURES = join(__dirname, 'cdk-python');
const REQUIRED = process.env.OWNLESS_REQUIRE_ORACLES === '1';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Source files of an app (its handlers' folders left out: they are not CDK code). */
function sources(dir: string, under = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, under))) {
    const rel = join(under, name);
    if (['node_modules', 'cdk.out', 'lambda', 'src', 'image', 'handlers'].includes(name)) continue;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...sources(dir, rel));
    else if (/\.(?:ts|js|py)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

/** Runs a command; its failure says what it printed, without the CDK's minified source lines. */
function run(file: string, args: string[], options: Parameters<typeof execFileSync>[2]): void {
  try {
    execFileSync(file, args, options);
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
    const printed = `${stdout ?? ''}${stderr ?? ''}`.split('\n').filter((l) => l.length < 400);
    throw new Error(`${args.slice(0, 3).join(' ')} failed:\n${printed.join('\n')}`);
  }
}

/** Synthesizes a fixture in a copy of its folder, offline; its templates' resources, by stack. */
function synth(fixture: string): Record<string, Json> {
  const dir = mkdtempSync(join(tmpdir(), `ownless-cdk-${fixture}-`));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  symlinkSync(MODULES, join(dir, 'node_modules'), 'dir');
  const ts = sources(dir).filter((f) => f.endsWith('.ts'));
  if (ts.length)
    buildSync({
      entryPoints: ts.map((f) => join(dir, f)),
      outdir: dir,
      outbase: dir,
      format: 'cjs',
      platform: 'node',
      logLevel: 'silent',
    });
  const command = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')).app as string;
  const entry = /(\S+)\.[jt]s\b/.exec(command)![1];
  run(
    process.execPath,
    [
      CDK,
      'synth',
      '--app',
      `node ${entry}.js`,
      '-o',
      'cdk.out',
      '--quiet',
      '--no-notices',
      '--no-version-reporting',
    ],
    {
      cwd: dir,
      // NodejsFunction bundles with the esbuild of the app's node_modules (the oracle's), not Docker.
      env: {
        PATH: process.env.PATH,
        HOME: mkdtempSync(join(tmpdir(), 'ownless-cdk-home-')),
        CDK_DISABLE_VERSION_CHECK: '1',
      },
      stdio: 'pipe',
      timeout: 170_000,
    },
  );
  const templates: Record<string, Json> = {};
  for (const file of readdirSync(join(dir, 'cdk.out')))
    if (file.endsWith('.template.json'))
      templates[file.replace(/\.template\.json$/, '')] = JSON.parse(
        readFileSync(join(dir, 'cdk.out', file), 'utf8'),
      );
  return templates;
}

/** Every function the static tier reads in an app's sources. */
function staticFunctions(dir: string): { model: CdkSemantics; fn: LambdaFunction }[] {
  const read = (p: string) => (existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined);
  const found: { model: CdkSemantics; fn: LambdaFunction }[] = [];
  for (const file of sources(dir)) {
    const path = join(dir, file);
    const result = readCdk(readFileSync(path, 'utf8'), path, { readFile: read });
    expect(result.kind, relative(ROOT, path)).not.toBe('needsParser');
    if (result.kind !== 'cdk') continue;
    expect(result.needs).toEqual([]);
    for (const fn of result.model.functions) found.push({ model: result.model, fn });
  }
  return found;
}

function known(value: Value | undefined): unknown {
  if (value?.kind === 'dynamic') throw new Error(`dynamic: ${value.reason}`);
  return value?.value;
}

/** The model's view of a function, in the template's terms. */
function modelled(model: CdkSemantics, fn: LambdaFunction) {
  const image = asString(fn.value('packageType')) === 'Image';
  return {
    MemorySize: asNumber(fn.value('memory')) ?? model.format.defaults.memory,
    Timeout: asNumber(fn.value('timeout')) ?? model.format.defaults.timeout,
    Runtime: image ? undefined : asString(fn.value('runtime')),
    Handler: image ? undefined : asString(fn.value('handler')),
    Architecture: asString(fn.value('architecture')) ?? 'x86_64',
    Vpc: known(fn.value('vpc')) !== undefined,
    FileSystems: known(fn.value('fileSystems')) !== undefined,
    PackageType: image ? 'Image' : undefined,
    EphemeralStorage: asNumber(fn.value('ephemeralStorage')),
    ReservedConcurrentExecutions: asNumber(fn.value('reservedConcurrency')),
    CapacityProvider: fn.value('capacityProvider') !== undefined,
    Provisioned: fn.provisioned.map((p) => asNumber(p.executions)).sort(),
    Schedules: fn.schedules.map((s) => asString(s.expression)).sort(),
    Mappings: fn.eventSourceMappings
      .map((m) => [
        m.kind,
        m.hasOnFailure,
        m.batchingWindow,
        m.queue && [
          asNumber(m.queue.visibilityTimeout?.value) ?? m.queue.defaultVisibilityTimeout,
          m.queue.hasDeadLetterQueue,
        ],
      ])
      .sort(),
    Url: model
      .urls()
      .filter((u) => u.functions.includes(fn))
      .map((u) => asString(u.auth?.value) ?? 'AWS_IAM'),
    OnFailure: fn.hasAsyncFailureDestination,
    AsyncInvokers: fn.asyncInvokers.length,
    RestApi: fn.behindRestApi,
    HttpApi: fn.behindHttpApi,
  };
}

/** Whether a value mentions a logical id (by Ref or GetAtt, anywhere inside). */
const mentions = (value: unknown, logicalId: string) =>
  JSON.stringify(value ?? null).includes(`"${logicalId}"`);

/** The synthesized reading of the same function. */
function synthesized(template: Json, logicalId: string) {
  const resources = template.Resources as Record<string, Json>;
  const props = resources[logicalId].Properties as Json;
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  // Versions and aliases of the function (their provisioned concurrency is the function's).
  const versions = of('AWS::Lambda::Version').filter(([, r]) =>
    mentions(r.Properties.FunctionName, logicalId),
  );
  const aliases = of('AWS::Lambda::Alias').filter(([, r]) => mentions(r.Properties.FunctionName, logicalId));
  const scaled = of('AWS::ApplicationAutoScaling::ScalableTarget').filter(
    ([, r]) =>
      r.Properties.ScalableDimension === 'lambda:function:ProvisionedConcurrency' &&
      aliases.some(([id]) => mentions(r.Properties.ResourceId, id)),
  );
  const targetsIt = (target: unknown) =>
    mentions(target, logicalId) || aliases.some(([id]) => mentions(target, id));
  const rules = of('AWS::Events::Rule').filter(
    ([, r]) => r.Properties.State !== 'DISABLED' && targetsIt(r.Properties.Targets),
  );
  const schedules = of('AWS::Scheduler::Schedule').filter(([, r]) => targetsIt(r.Properties.Target));
  const mappings = of('AWS::Lambda::EventSourceMapping').filter(([, r]) =>
    targetsIt(r.Properties.FunctionName),
  );
  const invokeConfigs = of('AWS::Lambda::EventInvokeConfig').filter(([, r]) =>
    mentions(r.Properties.FunctionName, logicalId),
  );
  const queueOf = (arn: unknown) => of('AWS::SQS::Queue').find(([id]) => mentions(arn, id))?.[1];
  const kindOf = (arn: unknown) =>
    queueOf(arn)
      ? 'sqs'
      : of('AWS::Kinesis::Stream').some(([id]) => mentions(arn, id))
        ? 'kinesis'
        : of('AWS::DynamoDB::Table').some(([id]) => mentions(arn, id))
          ? 'dynamodb'
          : 'other';
  return {
    MemorySize: props.MemorySize ?? 128,
    Timeout: props.Timeout ?? 3,
    Runtime: props.Runtime,
    Handler: props.Handler,
    Architecture: props.Architectures?.[0] ?? 'x86_64',
    Vpc: props.VpcConfig !== undefined,
    FileSystems: props.FileSystemConfigs !== undefined,
    PackageType: props.PackageType,
    EphemeralStorage: props.EphemeralStorage?.Size,
    ReservedConcurrentExecutions: props.ReservedConcurrentExecutions,
    CapacityProvider: props.CapacityProviderConfig !== undefined,
    Provisioned: [
      ...versions
        .concat(aliases)
        .filter(([, r]) => r.Properties.ProvisionedConcurrencyConfig)
        .map(([, r]) => r.Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions),
      ...scaled.map(([, r]) => r.Properties.MinCapacity),
    ].sort(),
    Schedules: [...rules, ...schedules]
      .map(([, r]) => r.Properties.ScheduleExpression)
      .filter(Boolean)
      .sort(),
    Mappings: mappings
      .map(([, r]) => {
        const p = r.Properties;
        const queue = queueOf(p.EventSourceArn);
        return [
          kindOf(p.EventSourceArn),
          p.DestinationConfig?.OnFailure !== undefined,
          p.MaximumBatchingWindowInSeconds ?? 0,
          queue
            ? [queue.Properties?.VisibilityTimeout ?? 30, queue.Properties?.RedrivePolicy !== undefined]
            : null,
        ];
      })
      .sort(),
    Url: of('AWS::Lambda::Url')
      .filter(([, r]) => mentions(r.Properties.TargetFunctionArn, logicalId))
      .map(([, r]) => r.Properties.AuthType),
    OnFailure:
      props.DeadLetterConfig !== undefined ||
      invokeConfigs.some(([, c]) => c.Properties.DestinationConfig?.OnFailure !== undefined),
    AsyncInvokers: rules.length + schedules.length,
    RestApi: of('AWS::ApiGateway::Method').some(([, r]) => targetsIt(r.Properties.Integration)),
    HttpApi: of('AWS::ApiGatewayV2::Integration').some(([, r]) => targetsIt(r.Properties.IntegrationUri)),
  };
}

const fixtures = existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : [];
const available = existsSync(CDK) && existsSync(join(MODULES, 'aws-cdk-lib/package.json'));

if (!available && REQUIRED)
  throw new Error(
    `the AWS CDK oracle is missing (${CDK}): run scripts/install-oracles.sh (OWNLESS_REQUIRE_ORACLES=1 makes this suite fail without it)`,
  );

beforeAll(() => initCodeParsers());

describe.skipIf(!available)('cdk synth agrees with the static reading of CDK apps', () => {
  for (const fixture of fixtures) {
    it(fixture, () => {
      const templates = synth(fixture);
      const functions = staticFunctions(join(FIXTURES, fixture));
      // Every function of the templates, by its construct path.
      const synthesizedFunctions = new Map<string, { template: Json; logicalId: string }>();
      for (const template of Object.values(templates))
        for (const [logicalId, r] of Object.entries(template.Resources as Record<string, Json>))
          if (r.Type === 'AWS::Lambda::Function')
            synthesizedFunctions.set(String(r.Metadata['aws:cdk:path']).replace(/\/Resource$/, ''), {
              template,
              logicalId,
            });
      expect(functions.map(({ fn }) => fn.id).sort()).toEqual([...synthesizedFunctions.keys()].sort());
      for (const { model, fn } of functions) {
        const { template, logicalId } = synthesizedFunctions.get(fn.id)!;
        if (process.env.OWNLESS_ORACLE_DEBUG) console.log(fn.id, JSON.stringify(modelled(model, fn)));
        expect({ function: fn.id, ...modelled(model, fn) }).toEqual({
          function: fn.id,
          ...synthesized(template, logicalId),
        });
      }
    });
  }
});

describe.skipIf(!existsSync(PYTHON_FIXTURES))(
  'Python apps agree with the values expected by hand (no Python CDK here)',
  () => {
    const apps = existsSync(PYTHON_FIXTURES) ? readdirSync(PYTHON_FIXTURES).sort() : [];
    for (const app of apps) {
      it(app, () => {
        const dir = join(PYTHON_FIXTURES, app);
        const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Json>;
        const functions = staticFunctions(dir);
        expect(functions.map(({ fn }) => fn.id).sort()).toEqual(Object.keys(expected).sort());
        for (const { model, fn } of functions)
          expect({ function: fn.id, ...modelled(model, fn) }).toEqual({
            function: fn.id,
            ...expected[fn.id],
          });
      });
    }
  },
);
