/**
 * The Serverless Framework as the oracle of the serverless.yml model: each fixture service under
 * test/oracles/serverless/ is packaged by `sls package` (serverless@3, installed by
 * scripts/install-oracles.sh into .cache/oracles/), and every function's model is compared with the
 * framework's own CloudFormation: memory, timeout, VPC, file systems, image, architecture, storage,
 * concurrency, schedules, pollers, URLs and failure destinations.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServerless } from '../../src/core/formats/serverless';
import { functionLogicalId } from '../../src/core/formats/serverless';
import type { LambdaFunction, SemanticModel, Value } from '../../src/core/model/types';
import { asNumber, asString } from '../../src/core/model/values';

const ROOT = resolve(__dirname, '../..');
const SLS = join(ROOT, '.cache/oracles/serverless/node_modules/serverless/bin/serverless.js');
const FIXTURES = join(__dirname, 'serverless');
const REQUIRED = process.env.OWNLESS_REQUIRE_ORACLES === '1';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Packages a fixture in a copy of its folder, offline; the framework's CloudFormation template. */
function slsPackage(fixture: string): Json {
  const dir = mkdtempSync(join(tmpdir(), `ownless-sls-${fixture}-`));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), 'ownless-sls-home-'));
  execFileSync(process.execPath, [SLS, 'package'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: 'pipe',
    timeout: 120_000,
  });
  return JSON.parse(readFileSync(join(dir, '.serverless/cloudformation-template-update-stack.json'), 'utf8'));
}

function modelOf(fixture: string): SemanticModel {
  const dir = join(FIXTURES, fixture);
  const file = readdirSync(dir).find((f) => /^serverless\.(ya?ml|json)$/.test(f))!;
  const path = join(dir, file);
  const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
  const { doc, model } = readServerless(readFileSync(path, 'utf8'), path, { readFile: read });
  expect(doc.problems).toEqual([]);
  return model!;
}

function known(value: Value | undefined): unknown {
  if (!value) return undefined;
  if (value.kind === 'dynamic') throw new Error(`dynamic: ${value.reason}`);
  return value.value;
}

/** Resources of a type whose `key` names the function's logical id (by Ref or GetAtt, anywhere inside). */
function linked(template: Json, type: string, logicalId: string, key: string): Json[] {
  return Object.values(template.Resources as Record<string, Json>).filter(
    (r) => r.Type === type && JSON.stringify(r.Properties?.[key] ?? null).includes(`"${logicalId}"`),
  );
}

/** The model's view of a function, in the template's terms. */
function modelled(model: SemanticModel, fn: LambdaFunction) {
  const vpc = known(fn.value('vpc')) as
    { securityGroupIds: string[]; subnetIds: string[] } | null | undefined;
  const image = asString(fn.value('packageType')) === 'Image';
  return {
    MemorySize: asNumber(fn.value('memory')) ?? model.format.defaults.memory,
    Timeout: asNumber(fn.value('timeout')) ?? model.format.defaults.timeout,
    Runtime: image ? undefined : asString(fn.value('runtime')),
    Architectures: asString(fn.value('architecture')),
    VpcConfig: vpc ? { SecurityGroupIds: vpc.securityGroupIds, SubnetIds: vpc.subnetIds } : undefined,
    FileSystemConfigs: fn.value('fileSystems') !== undefined,
    PackageType: image ? 'Image' : undefined,
    EphemeralStorage: asNumber(fn.value('ephemeralStorage')),
    ReservedConcurrentExecutions: asNumber(fn.value('reservedConcurrency')),
    Provisioned: fn.provisioned.map((p) => asNumber(p.executions)),
    Schedules: fn.schedules.map((s) => asString(s.expression)).sort(),
    Mappings: fn.eventSourceMappings.length,
    Url: model
      .urls()
      .filter((u) => u.functions.includes(fn))
      .map((u) => asString(u.auth?.value)),
    OnFailure: fn.hasAsyncFailureDestination,
    RestApi: fn.behindRestApi,
    HttpApi: fn.behindHttpApi,
  };
}

/** The framework's reading of the same function. */
function packaged(template: Json, logicalId: string) {
  const props = template.Resources[logicalId].Properties as Json;
  const rules = linked(template, 'AWS::Events::Rule', logicalId, 'Targets').filter(
    (r) => r.Properties.ScheduleExpression && r.Properties.State !== 'DISABLED',
  );
  const invokeConfigs = linked(template, 'AWS::Lambda::EventInvokeConfig', logicalId, 'FunctionName');
  const routes = (type: string, key: string) => linked(template, type, logicalId, key).length > 0;
  return {
    MemorySize: props.MemorySize,
    Timeout: props.Timeout,
    Runtime: props.Runtime,
    Architectures: props.Architectures?.[0],
    VpcConfig: props.VpcConfig,
    FileSystemConfigs: props.FileSystemConfigs !== undefined,
    PackageType: props.PackageType ?? (props.Code?.ImageUri ? 'Image' : undefined),
    EphemeralStorage: props.EphemeralStorage?.Size,
    ReservedConcurrentExecutions: props.ReservedConcurrentExecutions,
    Provisioned: linked(template, 'AWS::Lambda::Alias', logicalId, 'FunctionName')
      .filter((a) => a.Properties.ProvisionedConcurrencyConfig)
      .map((a) => a.Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions),
    Schedules: rules.map((r) => r.Properties.ScheduleExpression).sort(),
    Mappings: linked(template, 'AWS::Lambda::EventSourceMapping', logicalId, 'FunctionName').length,
    Url: linked(template, 'AWS::Lambda::Url', logicalId, 'TargetFunctionArn').map(
      (u) => u.Properties.AuthType,
    ),
    OnFailure:
      props.DeadLetterConfig !== undefined ||
      invokeConfigs.some((c) => c.Properties.DestinationConfig?.OnFailure !== undefined),
    RestApi: routes('AWS::ApiGateway::Method', 'Integration'),
    HttpApi: routes('AWS::ApiGatewayV2::Integration', 'IntegrationUri'),
  };
}

const fixtures = readdirSync(FIXTURES).sort();
const available = existsSync(SLS);

if (!available && REQUIRED)
  throw new Error(
    `the Serverless Framework oracle is missing (${SLS}): run scripts/install-oracles.sh (OWNLESS_REQUIRE_ORACLES=1 makes this suite fail without it)`,
  );

describe.skipIf(!available)('sls package agrees with the serverless.yml model', () => {
  for (const fixture of fixtures) {
    it(fixture, () => {
      const template = slsPackage(fixture);
      const model = modelOf(fixture);
      const generated = Object.entries(template.Resources as Record<string, Json>)
        .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
        .map(([id]) => id)
        .sort();
      const functions = model.functions;
      expect(functions.map((f) => functionLogicalId(f.id)).sort()).toEqual(generated);
      for (const fn of functions) {
        const logicalId = functionLogicalId(fn.id);
        expect({ function: fn.id, ...modelled(model, fn) }).toEqual({
          function: fn.id,
          ...packaged(template, logicalId),
        });
      }
    });
  }
});
