/**
 * How an execution environment of a function is started: which program, which bootstrap, which task
 * root. Node.js and Python run the bootstraps shipped with Ownless; `provided.*` runs the function's
 * own `bootstrap`. Problems found before anything runs become init errors of the invocation.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { FunctionDefinition } from './functions';
import { findNode, findPython } from './interpreters';
import { layerVariables } from './layers';
import { missingRequirements, missingRequirementsNote, runtimePackages } from './python-packages';
import { BundleError, bundleTypeScript } from './typescript-build';

export interface LaunchPlan {
  command: string;
  args: string[];
  /** LAMBDA_TASK_ROOT, also the working directory (`/var/task` on Lambda). */
  taskRoot: string;
  /** LAMBDA_RUNTIME_DIR: where the bootstrap is. */
  runtimeDir: string;
  /** Variables the runtime itself needs (not the function's). */
  env: Record<string, string>;
  /** How this differs from Lambda (another interpreter version): said once per environment, and on REPORT. */
  note?: string;
  /** What else the developer must know (packages the code folder lacks…): said once per environment. */
  notices?: string[];
}

/** Everything a plan has to say, for the head of an environment's log and the invocation result. */
export function planNotes(plan: LaunchPlan): string[] {
  return [...(plan.note ? [plan.note] : []), ...(plan.notices ?? [])];
}

/** A function that cannot start: reported as the invocation's init error. */
export class LaunchError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Binaries the developer named, by runtime (`nodejs22.x` → a node, `python3.12` → a python). */
export type RuntimePaths = Readonly<Record<string, string>>;

export type BootstrapFile = 'node-bootstrap.js' | 'python_bootstrap.py';

/**
 * A bootstrap shipped with Ownless. Bundles find it in `runtime/` beside themselves (build.mjs copies
 * it to dist/runtime); run from source (vitest), `runtime/` is beside this module too, and the source
 * tree is the fallback for a bundle built without the copy step.
 */
export function bootstrapPath(file: BootstrapFile): string {
  const candidates = [
    join(__dirname, 'runtime', file),
    join(__dirname, '..', 'src', 'lambda', 'local', 'runtime', file),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new LaunchError(
      'Runtime.InvalidEntrypoint',
      `Ownless's ${file} is missing (looked in ${candidates.join(', ')})`,
    );
  return found;
}

/**
 * The user's own cache folder, never a shared temp folder: another local user who could write the
 * bundles there could run code as this one.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(base, 'ownless', 'lambda');
}

/** `dir/sub/app.handler` → module `dir/sub/app` and export path `handler`, as the Node.js runtime reads it. */
export function splitNodeHandler(handler: string): { modulePath: string; exportPath: string } | undefined {
  const slash = handler.lastIndexOf('/');
  const root = handler.slice(0, slash + 1);
  const match = /^([^.]*)\.(.*)$/.exec(handler.slice(slash + 1));
  return match ? { modulePath: root + match[1], exportPath: match[2] } : undefined;
}

function functionCacheDir(fn: FunctionDefinition, cacheDir: string): string {
  const hash = createHash('sha256').update(`${fn.templatePath}\0${fn.logicalId}`).digest('hex').slice(0, 12);
  return join(cacheDir, `${fn.logicalId}-${hash}`);
}

/** Writes inline code (`InlineCode`, `Code.ZipFile`) where the handler expects it. */
function writeInlineCode(fn: FunctionDefinition, cacheDir: string, extension: string): string {
  const dir = join(functionCacheDir(fn, cacheDir), 'inline');
  const module =
    fn.family === 'python'
      ? (fn.handler ?? 'index').split('.')[0]
      : splitNodeHandler(fn.handler ?? '')?.modulePath;
  const file = join(dir, `${module || 'index'}${extension}`);
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file) || readFileSync(file, 'utf8') !== fn.inlineCode)
    writeFileSync(file, fn.inlineCode ?? '');
  return dir;
}

/**
 * Where the AWS SDK for JavaScript v3 comes from, standing for the one Lambda's Node.js runtime
 * includes: the nearest node_modules from `dir` up that has @aws-sdk (the project's, usually).
 */
export function sdkModulesFor(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules', '@aws-sdk'))) return join(current, 'node_modules');
    if (dirname(current) === current) return undefined;
  }
}

/** The binary for a runtime, as interpreters.ts finds it; a named binary that is not one is an init error. */
function interpreter<T>(find: () => T): T {
  try {
    return find();
  } catch (error) {
    throw new LaunchError('Runtime.InvalidEntrypoint', (error as Error).message);
  }
}

async function planNode(
  fn: FunctionDefinition,
  cacheDir: string,
  env: NodeJS.ProcessEnv,
  runtimePaths: RuntimePaths,
): Promise<LaunchPlan> {
  const runtime = fn.runtime ?? 'nodejs';
  const node = interpreter(() => findNode(runtime, env, runtimePaths[runtime]));
  const bootstrap = bootstrapPath('node-bootstrap.js');
  // Most of MemorySize goes to V8's old space, leaving room for code, stacks and buffers, as on Lambda.
  const heapMB = Math.max(16, Math.floor(fn.memoryMB * 0.9));
  const layers = layerVariables(fn.layers, fn.runtime, env);
  // The code resolves only what the zip, the layers (NODE_PATH) and the runtime's SDK would hold: see
  // runtime/node-isolation.js. Packages a TypeScript bundle keeps external come from those too, as
  // they must on Lambda (sam build leaves them out of the zip).
  const sdkModules = sdkModulesFor(fn.codeDir ?? dirname(fn.templatePath));
  const plan = (taskRoot: string): LaunchPlan => ({
    command: node.command,
    // No --enable-source-maps: Lambda maps stack traces only when NODE_OPTIONS asks (node reads it).
    args: [`--max-old-space-size=${heapMB}`, bootstrap, ...(sdkModules ? [`--aws-sdk=${sdkModules}`] : [])],
    taskRoot,
    runtimeDir: dirname(bootstrap),
    env: { ...node.env, ...layers },
    note: node.note,
  });
  if (fn.inlineCode !== undefined) return plan(writeInlineCode(fn, cacheDir, '.js'));
  const codeDir = fn.codeDir as string;
  const parts = splitNodeHandler(fn.handler ?? '');
  if (!parts) return plan(codeDir); // the bootstrap reports the malformed handler
  const base = join(codeDir, parts.modulePath);
  if (['.js', '.mjs', '.cjs'].some((ext) => existsSync(base + ext))) return plan(codeDir);
  const entry =
    ['.ts', '.mts', '.cts'].map((ext) => base + ext).find((file) => existsSync(file)) ??
    fn.build.entryPoints
      .map((entryPoint) => join(codeDir, entryPoint))
      .find(
        (file) => basename(file).replace(/\.[cm]?ts$/, '') === basename(parts.modulePath) && existsSync(file),
      );
  if (!entry) return plan(codeDir); // the bootstrap reports the missing module
  const buildDir = join(functionCacheDir(fn, cacheDir), 'build');
  const extension = fn.build.format === 'esm' ? '.mjs' : '.js';
  try {
    await bundleTypeScript({
      entry,
      outFile: join(buildDir, parts.modulePath + extension),
      target: `node${/^nodejs(\d+)/.exec(fn.runtime ?? '')?.[1] ?? '20'}`,
      format: fn.build.format,
      external: fn.build.external,
      projectDir: codeDir,
    });
  } catch (error) {
    if (error instanceof BundleError) throw new LaunchError('Runtime.UserCodeSyntaxError', error.message);
    throw error;
  }
  return plan(buildDir);
}

function planPython(
  fn: FunctionDefinition,
  cacheDir: string,
  env: NodeJS.ProcessEnv,
  runtimePaths: RuntimePaths,
): LaunchPlan {
  const runtime = fn.runtime ?? 'python3';
  const python = interpreter(() => findPython(runtime, env, runtimePaths[runtime]));
  if (!python)
    throw new LaunchError(
      'Runtime.InvalidEntrypoint',
      `No Python was found for ${fn.runtime} (on PATH, pyenv, uv, asdf)`,
    );
  const bootstrap = bootstrapPath('python_bootstrap.py');
  const taskRoot =
    fn.inlineCode !== undefined ? writeInlineCode(fn, cacheDir, '.py') : (fn.codeDir as string);
  const sdk = runtimePackages(python.command);
  const missing =
    fn.codeDir === undefined
      ? undefined
      : missingRequirements(fn.codeDir, fn.layers, /^python(3\.\d+)/.exec(fn.runtime ?? '')?.[1] ?? '3', sdk);
  // -S: no site module, so none of the host's site-packages (nor .pth files, nor sitecustomize) is on
  // the path: the code folder, the layers (PYTHONPATH) and the standard library are, as on Lambda; the
  // SDK's packages come one by one (see python-packages.ts). -u: unbuffered output, so that a print
  // shows up with the invocation it belongs to.
  return {
    command: python.command,
    args: ['-S', '-u', bootstrap, `--runtime-packages=${JSON.stringify(sdk)}`],
    taskRoot,
    runtimeDir: dirname(bootstrap),
    env: { ...python.env, ...layerVariables(fn.layers, fn.runtime, env) },
    note: python.note,
    notices: missing && fn.codeDir ? [missingRequirementsNote(missing, fn.codeDir)] : undefined,
  };
}

function planProvided(fn: FunctionDefinition, parentEnv: NodeJS.ProcessEnv): LaunchPlan {
  const taskRoot = fn.codeDir as string;
  const bootstrap = join(taskRoot, 'bootstrap');
  try {
    accessSync(bootstrap, constants.X_OK);
  } catch {
    throw new LaunchError(
      'Runtime.InvalidEntrypoint',
      `Couldn't find valid bootstrap(s): [${bootstrap}] (it must exist and be executable)`,
    );
  }
  const env = layerVariables(fn.layers, fn.runtime, parentEnv);
  return { command: bootstrap, args: [], taskRoot, runtimeDir: taskRoot, env };
}

/** Prepares a function to start: bundles TypeScript, writes inline code, finds the programs. */
export async function planLaunch(
  fn: FunctionDefinition,
  cacheDir: string,
  env: NodeJS.ProcessEnv,
  runtimePaths: RuntimePaths = {},
): Promise<LaunchPlan> {
  if (fn.unsupported)
    throw new LaunchError('Runtime.InvalidRuntime', `${fn.name} cannot run locally: ${fn.unsupported}`);
  switch (fn.family) {
    case 'nodejs':
      return planNode(fn, cacheDir, env, runtimePaths);
    case 'python':
      return planPython(fn, cacheDir, env, runtimePaths);
    case 'provided':
      return planProvided(fn, env);
    default:
      throw new LaunchError('Runtime.InvalidRuntime', `The ${fn.runtime} runtime is not supported locally`);
  }
}
