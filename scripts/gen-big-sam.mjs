#!/usr/bin/env node
/**
 * big-sam: a large synthetic SAM template for the stress tests and the benchmarks — 2,000
 * `AWS::Serverless::Function` resources (~820 KB) with the mix of properties the rules read: container
 * images, literal and intrinsic timeouts and memory sizes (some above every budget, some absent),
 * ephemeral storage, architectures, layers, reserved and provisioned concurrency, VPC attachments
 * (literal, `!Ref`, `!If` with `AWS::NoValue`), EFS mounts, environment variables and keep-warm-like
 * schedules. Valid SAM, though far over CloudFormation's 500 resources per stack.
 *
 * Deterministic: every function draws from its own seeded generator (splitmix32 of the seed and its
 * index), so the same options give the same bytes on every machine and every Node.js version. The
 * template is not committed: the tests build it in memory, the benchmarks write it to bench/.cache/.
 *
 * Fixed points others rely on: `Resources` is the last section, the functions are `Fn0001`… in order,
 * and Fn1000 has a literal three-digit `Timeout` above the 60 s budget (the re-lint measurements edit it).
 *
 *   node scripts/gen-big-sam.mjs [out.yaml]     writes the template to out.yaml, else to stdout
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULTS = { functions: 2000, seed: 2016 };

const RUNTIMES = [
  ['nodejs22.x', 'index.handler'],
  ['nodejs24.x', 'index.handler'],
  ['python3.12', 'app.handler'],
  ['python3.13', 'app.handler'],
  ['python3.14', 'app.handler'],
  ['java21', 'com.example.Handler::handleRequest'],
  ['java25', 'com.example.Handler::handleRequest'],
  ['provided.al2023', 'bootstrap'],
  ['ruby3.4', 'app.handler'],
];
/** Round values people write, including ones just over the recommended and strict budgets. */
const TIMEOUTS = [3, 5, 10, 15, 29, 30, 31, 60, 61, 120, 300, 450, 600, 899, 900];
const MEMORY_SIZES = [128, 256, 512, 1024, 1025, 1536, 2048, 3008, 3009, 4096, 5120, 8192, 10240];
const EPHEMERAL_SIZES = [512, 1024, 2048, 2049, 10240];

/** A generator of uniform numbers in [0, 1): splitmix32, one stream per (seed, function). */
function stream(seed, index) {
  let state = (Math.imul(seed, 0x9e3779b9) ^ Math.imul(index, 0x85ebca6b)) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 0x1_0000_0000;
  };
}

const HEADER = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: big-sam, a synthetic stress template of {functions} functions (scripts/gen-big-sam.mjs, seed {seed})

Parameters:
  SubnetIds:
    Type: List<AWS::EC2::Subnet::Id>
    Default: 'subnet-0f00000000000a001,subnet-0f00000000000a002'
  SecurityGroupId:
    Type: AWS::EC2::SecurityGroup::Id
    Default: sg-0f00000000000b001
  FunctionTimeout:
    Type: Number
    Default: 30
  FunctionMemory:
    Type: Number
    Default: 1024
  AttachVpc:
    Type: String
    AllowedValues: ['yes', 'no']
    Default: 'yes'

Conditions:
  InVpc: !Equals [!Ref AttachVpc, 'yes']

Resources:
  Files:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: true
      PerformanceMode: generalPurpose
  FilesMountTarget:
    Type: AWS::EFS::MountTarget
    Properties:
      FileSystemId: !Ref Files
      SubnetId: !Select [0, !Ref SubnetIds]
      SecurityGroups:
        - !Ref SecurityGroupId
  FilesAccessPoint:
    Type: AWS::EFS::AccessPoint
    Properties:
      FileSystemId: !Ref Files
      PosixUser:
        Uid: '1001'
        Gid: '1001'
      RootDirectory:
        Path: /functions
        CreationInfo:
          OwnerUid: '1001'
          OwnerGid: '1001'
          Permissions: '0750'
`;

/** The lines of function number `n` (1-based). */
function functionLines(n, seed) {
  const random = stream(seed, n);
  const chance = (p) => random() < p;
  const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const oneOf = (items) => items[Math.floor(random() * items.length)];
  const id = `Fn${String(n).padStart(4, '0')}`;
  const out = [`  ${id}:`, '    Type: AWS::Serverless::Function', '    Properties:'];
  const add = (...lines) => out.push(...lines.map((line) => `      ${line}`));

  add(`Description: big-sam function ${n}`);
  const image = chance(0.1);
  if (image) {
    add(
      'PackageType: Image',
      `ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/big-sam:${id.toLowerCase()}`,
    );
  } else {
    const [runtime, handler] = oneOf(RUNTIMES);
    if (chance(0.2)) add('PackageType: Zip');
    add(`Runtime: ${runtime}`, `Handler: ${handler}`);
    add(
      chance(0.5)
        ? `CodeUri: s3://big-sam-artifacts/${id.toLowerCase()}.zip`
        : `CodeUri: functions/${id.toLowerCase()}/`,
    );
  }

  // Timeout and MemorySize: absent (8%), a parameter (2%), else a round value or any in range.
  // Fn1000's Timeout is always a literal of three digits above the budget (see the top).
  const timeout = random();
  if (n === 1000) add(`Timeout: ${between(100, 898)}`);
  else if (timeout >= 0.1) add(`Timeout: ${chance(0.5) ? oneOf(TIMEOUTS) : between(1, 900)}`);
  else if (timeout >= 0.08) add('Timeout: !Ref FunctionTimeout');
  const memory = random();
  if (memory >= 0.1) add(`MemorySize: ${chance(0.5) ? oneOf(MEMORY_SIZES) : between(128, 10240)}`);
  else if (memory >= 0.08) add('MemorySize: !Ref FunctionMemory');

  if (chance(0.12))
    add('EphemeralStorage:', `  Size: ${chance(0.5) ? oneOf(EPHEMERAL_SIZES) : between(512, 10240)}`);
  if (chance(0.35)) add('Architectures:', `  - ${chance(0.75) ? 'arm64' : 'x86_64'}`);
  if (!image && chance(0.2)) {
    add('Layers:');
    for (let k = between(1, 5); k > 0; k--)
      add(
        `  - !Sub arn:\${AWS::Partition}:lambda:\${AWS::Region}:123456789012:layer:shared-${k}:${between(1, 60)}`,
      );
  }
  if (chance(0.1)) add(`ReservedConcurrentExecutions: ${between(0, 250)}`);
  if (chance(0.06))
    add(
      'AutoPublishAlias: live',
      'ProvisionedConcurrencyConfig:',
      `  ProvisionedConcurrentExecutions: ${between(1, 40)}`,
    );

  // Nearly one function in five is in a VPC: literal ids, the parameters, or only when InVpc holds.
  // A third of those with literal ids or parameters also mount the EFS access point.
  const vpc = chance(0.18) ? oneOf(['literal', 'literal', 'parameters', 'condition']) : null;
  const efs = (vpc === 'literal' || vpc === 'parameters') && chance(0.35);
  if (vpc === 'literal') {
    add('VpcConfig:', '  SubnetIds:');
    for (let k = between(1, 3); k > 0; k--) add(`    - subnet-0f00000000000a00${k}`);
    add('  SecurityGroupIds:', '    - sg-0f00000000000b001');
  } else if (vpc === 'parameters') {
    add('VpcConfig:', '  SubnetIds: !Ref SubnetIds', '  SecurityGroupIds:', '    - !Ref SecurityGroupId');
  } else if (vpc === 'condition') {
    add(
      'VpcConfig: !If',
      '  - InVpc',
      '  - SubnetIds: !Ref SubnetIds',
      '    SecurityGroupIds: [!Ref SecurityGroupId]',
      '  - !Ref AWS::NoValue',
    );
  }
  if (efs)
    add(
      'FileSystemConfigs:',
      '  - Arn: !GetAtt FilesAccessPoint.Arn',
      `    LocalMountPath: /mnt/${id.toLowerCase()}`,
    );

  if (chance(0.3))
    add(
      'Environment:',
      '  Variables:',
      `    FUNCTION_NUMBER: '${n}'`,
      '    TABLE_NAME: !Sub ${AWS::StackName}-items',
    );
  if (chance(0.15)) {
    const minutes = between(1, 60);
    add('Events:', '  Timer:', '    Type: Schedule', '    Properties:');
    add(`      Schedule: rate(${minutes} minute${minutes === 1 ? '' : 's'})`);
  }
  if (efs) out.push('    DependsOn: FilesMountTarget');
  return out;
}

/** The template's text. */
export function generateBigSam({ functions = DEFAULTS.functions, seed = DEFAULTS.seed } = {}) {
  const parts = [HEADER.replace('{functions}', String(functions)).replace('{seed}', String(seed))];
  for (let n = 1; n <= functions; n++) parts.push(functionLines(n, seed).join('\n') + '\n');
  return parts.join('');
}

/** Writes the template to `file` unless it already holds exactly that text (then leaves it alone). */
export function writeBigSam(file, options) {
  const text = generateBigSam(options);
  let current = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // not there yet
  }
  if (current !== text) {
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
  return file;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out] = process.argv.slice(2);
  if (out) writeBigSam(resolve(out));
  else process.stdout.write(generateBigSam());
}
