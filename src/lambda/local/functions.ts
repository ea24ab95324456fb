/**
 * The functions of SAM/CloudFormation templates as the local runtime runs them: code folder, runtime,
 * handler, limits and environment, read through the core model (SAM `Globals` merged, parameter
 * defaults applied). What cannot be known locally is left out and named in a warning, never guessed.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { type Node, asMap, asSeq, deref, get, keyText } from '../../core/parse/ast';
import { loadTemplate } from '../../core';
import type { FunctionProperty, LambdaFunction, Resource } from '../../core/formats/cloudformation/types';
import {
  type Parameters,
  asNumber,
  asString,
  intrinsicOf,
  resolve,
} from '../../core/formats/cloudformation/values';
import { type AsyncInvokeConfig, readAsyncConfig } from './async-config';
import { RESERVED_VARIABLES } from './lambda-env';
import { type LayerEntry, layerFolders } from './layers';

export type RuntimeFamily = 'nodejs' | 'python' | 'provided';

export interface FunctionDefinition {
  /** The name Lambda would know it by: its literal `FunctionName`, else its logical id. */
  name: string;
  logicalId: string;
  /** Every name it answers to: the logical id and the literal `FunctionName`. */
  names: string[];
  templatePath: string;
  runtime: string | undefined;
  family: RuntimeFamily | undefined;
  handler: string | undefined;
  /** Absolute folder of the code (`CodeUri` / `Code`, relative to the template). */
  codeDir: string | undefined;
  /** `InlineCode` / `Code.ZipFile`, written to a file of the cache before it runs. */
  inlineCode: string | undefined;
  timeoutSeconds: number;
  memoryMB: number;
  environment: Record<string, string>;
  description: string;
  architectures: string[];
  role: string | undefined;
  /** `ReservedConcurrentExecutions`: concurrent invocations beyond it are throttled. */
  reservedConcurrency: number | undefined;
  ephemeralStorageMB: number;
  /** The local folders of its `Layers`, in the template's order. */
  layers: string[];
  /** Retries, event age and destinations of its asynchronous invocations. */
  asyncInvoke: AsyncInvokeConfig;
  /** esbuild options SAM reads from `Metadata.BuildProperties` (for TypeScript handlers). */
  build: { external: string[]; entryPoints: string[]; format: 'cjs' | 'esm' };
  /** Why it cannot run locally, when it cannot (it is still listed, as Lambda would list it). */
  unsupported: string | undefined;
}

export interface LoadedFunctions {
  functions: FunctionDefinition[];
  warnings: string[];
}

/** Values the runtime itself decides, so resolving them is not a guess. */
export interface LocalContext {
  region: string;
  accountId: string;
}

const DEFAULT_TIMEOUT = 3;
const DEFAULT_MEMORY = 128;

export function runtimeFamily(runtime: string | undefined): RuntimeFamily | undefined {
  if (!runtime) return undefined;
  if (/^nodejs\d+\.x$/.test(runtime)) return 'nodejs';
  if (/^python3\.\d+$/.test(runtime)) return 'python';
  if (/^provided(\.al\d+)?$/.test(runtime)) return 'provided';
  return undefined;
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

/**
 * A property value as a string: literals, parameter defaults, the pseudo parameters the runtime
 * decides (region, account, partition) and `Fn::Sub` strings made only of those. Otherwise undefined.
 */
function localString(node: Node, params: Parameters, ctx: LocalContext): string | undefined {
  const resolved = resolve(node, params);
  if (resolved.kind !== 'dynamic') return asString(resolved);
  const pseudo: Record<string, string> = {
    'AWS::Region': ctx.region,
    'AWS::AccountId': ctx.accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const variable = (name: string): string | undefined => {
    if (name in pseudo) return pseudo[name];
    const param = params.get(name);
    return param && 'default' in param && param.default !== null ? String(param.default) : undefined;
  };
  const intrinsic = intrinsicOf(node);
  const arg = deref(intrinsic?.arg);
  if (intrinsic?.name === 'Ref' && arg?.kind === 'scalar') return variable(arg.value);
  if (intrinsic?.name === 'Fn::Sub' && arg?.kind === 'scalar') {
    let missing = false;
    const text = arg.value.replace(SUB_VARIABLE, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const value = variable(name.trim());
      if (value === undefined) missing = true;
      return value ?? whole;
    });
    return missing ? undefined : text;
  }
  return undefined;
}

/** What the layers of a template's functions are read against. */
interface LayerContext {
  resources: Map<string, Resource>;
  /** Layers already reported as missing, so that each is named once. */
  named: Set<string>;
}

/** The entries of `Layers`: references to the template's layer resources, ARNs or folders. */
function readLayerEntries(
  node: Node | undefined,
  layers: LayerContext,
  params: Parameters,
  ctx: LocalContext,
): LayerEntry[] {
  return (asSeq(node)?.items ?? []).map((item): LayerEntry => {
    const intrinsic = intrinsicOf(item);
    const arg = deref(intrinsic?.arg);
    if (intrinsic?.name === 'Ref' && arg?.kind === 'scalar' && layers.resources.has(arg.value)) {
      const resource = layers.resources.get(arg.value) as Resource;
      const content = get(
        resource.properties ?? undefined,
        resource.type === 'AWS::Lambda::LayerVersion' ? 'Content' : 'ContentUri',
      );
      const path = content && !asMap(content) ? localString(content, params, ctx) : undefined;
      return { ref: arg.value, type: resource.type, content: path };
    }
    const text = localString(item, params, ctx);
    return text === undefined ? { dynamic: true } : { text };
  });
}

/** The logical id that `!Ref X` or `!GetAtt X.Attribute` names. */
function referencedId(node: Node): string | undefined {
  const intrinsic = intrinsicOf(node);
  const arg = deref(intrinsic?.arg);
  if (intrinsic?.name === 'Ref') return arg?.kind === 'scalar' ? arg.value : undefined;
  if (intrinsic?.name !== 'Fn::GetAtt') return undefined;
  const first = arg?.kind === 'seq' ? deref(arg.items[0]) : arg;
  return first?.kind === 'scalar' ? first.value.split('.')[0] : undefined;
}

function describeProblem(fn: LambdaFunction, templatePath: string, what: string): string {
  return `${templatePath}: ${fn.id}: ${what}`;
}

/** Environment variables, Globals first and the function's own over them (SAM merges the maps). */
function readEnvironment(
  property: FunctionProperty | undefined,
  params: Parameters,
  ctx: LocalContext,
  problems: string[],
): Record<string, string> {
  if (!property) return {};
  const merged = property.inherited ? readEnvironment(property.inherited, params, ctx, problems) : {};
  const environment = property.pair.value;
  if (intrinsicOf(environment)) {
    problems.push('Environment is decided at deploy time; no variable of it is set');
    return merged;
  }
  const variables = get(environment, 'Variables');
  if (variables && intrinsicOf(variables)) {
    problems.push('Environment.Variables is decided at deploy time; none of its variables is set');
    return merged;
  }
  const unresolved: string[] = [];
  for (const pair of asMap(variables)?.pairs ?? []) {
    const name = keyText(pair.key);
    if (name === null) continue;
    if (RESERVED_VARIABLES.has(name)) {
      problems.push(
        `the environment variable ${name} is reserved by Lambda: deploying this template would fail (Lambda refuses reserved keys); locally the runtime's own value is used`,
      );
      continue;
    }
    const value = localString(pair.value, params, ctx);
    if (value === undefined) unresolved.push(name);
    else merged[name] = value;
  }
  if (unresolved.length > 0) {
    problems.push(
      `environment variable${unresolved.length > 1 ? 's' : ''} ${unresolved.join(', ')} left out: the value is decided at deploy time`,
    );
  }
  return merged;
}

function stringList(node: Node | undefined): string[] {
  return (asSeq(node)?.items ?? []).flatMap((item) => {
    const target = deref(item);
    return target?.kind === 'scalar' ? [target.value] : [];
  });
}

/** Where the code is: a local folder, inline source, or why it cannot be run here. */
function readCode(
  fn: LambdaFunction,
  templateDir: string,
  params: Parameters,
  ctx: LocalContext,
): { codeDir?: string; inlineCode?: string; unsupported?: string } {
  const sam = fn.type === 'AWS::Serverless::Function';
  const packageType = asString(fn.props.get('PackageType')?.resolved);
  if (packageType === 'Image') return { unsupported: 'container image functions need Docker' };
  const inline = sam ? fn.props.get('InlineCode') : undefined;
  if (inline) {
    const code = localString(inline.pair.value, params, ctx);
    return code === undefined
      ? { unsupported: 'InlineCode is decided at deploy time' }
      : { inlineCode: code };
  }
  const code = fn.props.get(sam ? 'CodeUri' : 'Code');
  if (!code) return sam ? { codeDir: templateDir } : { unsupported: 'it has no Code' };
  const node = code.pair.value;
  if (!sam && asMap(node) && !intrinsicOf(node)) {
    const zipFile = get(node, 'ZipFile');
    if (zipFile === undefined)
      return { unsupported: 'its Code is in S3 or a container registry, not in a local folder' };
    const source = localString(zipFile, params, ctx);
    return source === undefined
      ? { unsupported: 'Code.ZipFile is decided at deploy time' }
      : { inlineCode: source };
  }
  const path = localString(node, params, ctx);
  if (path === undefined) return { unsupported: `its ${code.name} is not a local path` };
  if (/^s3:\/\//i.test(path)) return { unsupported: `its ${code.name} is in S3 (${path})` };
  const codeDir = resolvePath(templateDir, path);
  let isDir = false;
  try {
    isDir = statSync(codeDir).isDirectory();
  } catch {
    return { unsupported: `its ${code.name} ${path} does not exist` };
  }
  if (!isDir)
    return { unsupported: `its ${code.name} ${path} is not a folder (archives are not unpacked locally)` };
  return { codeDir };
}

function definitionOf(
  fn: LambdaFunction,
  templatePath: string,
  params: Parameters,
  ctx: LocalContext,
  warnings: string[],
  layerContext: LayerContext,
): FunctionDefinition {
  const problems: string[] = [];
  const stringProp = (name: string): string | undefined => {
    const property = fn.props.get(name);
    if (!property) return undefined;
    const value = localString(property.pair.value, params, ctx);
    if (value === undefined) problems.push(`${name} is decided at deploy time`);
    return value;
  };
  const numberProp = (name: string, fallback: number): number => {
    const property = fn.props.get(name);
    if (!property) return fallback;
    const value = asNumber(property.resolved);
    if (value !== undefined) return value;
    problems.push(`${name} is decided at deploy time; using ${fallback}`);
    return fallback;
  };
  const functionName = stringProp('FunctionName');
  const runtime = stringProp('Runtime');
  const handler = stringProp('Handler');
  const family = runtimeFamily(runtime);
  const code = readCode(fn, dirname(templatePath), params, ctx);
  const metadata = get(fn.resource.body, 'Metadata');
  const buildProperties = get(metadata, 'BuildProperties');
  const formatNode = get(buildProperties, 'Format');
  const format = formatNode ? localString(formatNode, params, ctx) : undefined;
  const storageNode = get(fn.props.get('EphemeralStorage')?.pair.value, 'Size');
  let unsupported = code.unsupported;
  if (!unsupported && !runtime) unsupported = 'it has no literal Runtime';
  else if (!unsupported && !family)
    unsupported = `the ${runtime} runtime is not supported locally (Node.js, Python and provided.* are)`;
  else if (!unsupported && family !== 'provided' && !handler) unsupported = 'it has no literal Handler';
  const sam = fn.type === 'AWS::Serverless::Function';
  const architectures = stringList(fn.props.get('Architectures')?.pair.value);
  const definition: FunctionDefinition = {
    name: functionName ?? fn.id,
    logicalId: fn.id,
    names: functionName && functionName !== fn.id ? [functionName, fn.id] : [fn.id],
    templatePath,
    runtime,
    family,
    handler,
    codeDir: code.codeDir,
    inlineCode: code.inlineCode,
    timeoutSeconds: numberProp('Timeout', DEFAULT_TIMEOUT),
    memoryMB: numberProp('MemorySize', DEFAULT_MEMORY),
    environment: readEnvironment(fn.props.get('Environment'), params, ctx, problems),
    description: stringProp('Description') ?? '',
    architectures: architectures.length ? architectures : ['x86_64'],
    role: fn.props.has('Role') ? asString(fn.props.get('Role')?.resolved) : undefined,
    reservedConcurrency: asNumber(fn.props.get('ReservedConcurrentExecutions')?.resolved),
    ephemeralStorageMB: (storageNode && asNumber(resolve(storageNode, params))) ?? 512,
    layers: layerFolders(
      readLayerEntries(fn.props.get('Layers')?.pair.value, layerContext, params, ctx),
      dirname(templatePath),
      layerContext.named,
      (problem) => problems.push(problem),
    ),
    asyncInvoke: readAsyncConfig(
      {
        samConfig: sam ? (fn.props.get('EventInvokeConfig')?.pair.value ?? undefined) : undefined,
        resources: fn.eventInvokeConfigs.map((resource) => resource.properties ?? undefined),
        deadLetter: fn.props.get(sam ? 'DeadLetterQueue' : 'DeadLetterConfig')?.pair.value ?? undefined,
        sam,
      },
      {
        get: (node: Node | undefined, key: string) => get(node, key),
        text: (node) => localString(node, params, ctx),
        number: (node) => asNumber(resolve(node, params)),
        reference: referencedId,
      },
    ),
    build: {
      external: stringList(get(buildProperties, 'External')),
      entryPoints: stringList(get(buildProperties, 'EntryPoints')),
      format: format === 'esm' ? 'esm' : 'cjs',
    },
    unsupported,
  };
  for (const problem of problems) warnings.push(describeProblem(fn, templatePath, problem));
  if (unsupported) warnings.push(describeProblem(fn, templatePath, `cannot run locally: ${unsupported}`));
  return definition;
}

/**
 * Reads the functions of the given template files. Files that are not templates are skipped; a name
 * taken by an earlier function stays with it (and the clash is reported).
 */
export function loadFunctions(templatePaths: string[], ctx: LocalContext): LoadedFunctions {
  const functions: FunctionDefinition[] = [];
  const warnings: string[] = [];
  const taken = new Map<string, FunctionDefinition>();
  const namedLayers = new Set<string>();
  for (const templatePath of templatePaths.map((p) => resolvePath(p))) {
    if (!existsSync(templatePath)) {
      warnings.push(`${templatePath}: not found`);
      continue;
    }
    // Through the core's front door: a FIFO or a device named as a template is refused, not read.
    const loaded = loadTemplate(templatePath);
    if ('problem' in loaded) {
      if (!loaded.notTemplate) warnings.push(`${templatePath}: cannot read it: ${loaded.problem}`);
      continue;
    }
    const model = loaded.model;
    const doc = model.doc;
    if (doc.problems.length > 0)
      warnings.push(`${templatePath}: ${doc.problems.length} syntax problem(s); run ownless lint`);
    const layerContext = { resources: model.resources, named: namedLayers };
    for (const fn of model.functions) {
      const definition = definitionOf(fn, templatePath, model.parameters, ctx, warnings, layerContext);
      const free = definition.names.filter((name) => {
        const owner = taken.get(name);
        if (owner)
          warnings.push(
            `${templatePath}: ${fn.id}: the name ${name} is already used by ${owner.logicalId} in ${owner.templatePath}`,
          );
        return !owner;
      });
      if (free.length === 0) {
        // `sam init` names every function HelloWorldFunction: a second template's still runs, by
        // a name of its own (the editor invokes by template and logical id, so it finds it).
        let n = 2;
        while (taken.has(`${fn.id}-${n}`)) n++;
        free.push(`${fn.id}-${n}`);
        warnings.push(`${templatePath}: ${fn.id}: invoke it locally as ${free[0]}`);
      }
      definition.names = free;
      definition.name = free[0];
      for (const name of free) taken.set(name, definition);
      functions.push(definition);
    }
  }
  // Said once for all of them: Lambda runs them on Graviton, this machine on another CPU.
  const arm = functions.filter((fn) => fn.architectures.includes('arm64')).map((fn) => fn.logicalId);
  if (arm.length > 0 && process.arch !== 'arm64')
    warnings.push(
      `${arm.join(', ')}: arm64 on Lambda, ${process.arch} here: native modules and binaries built for one do not load on the other`,
    );
  return { functions, warnings };
}
