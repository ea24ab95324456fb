/**
 * File system access and the path it touches: Node.js `fs` (callbacks, sync, promises, fs-extra),
 * Python `open()`, `pathlib.Path` methods, `os.path`, `shutil`, and local databases. Each access says
 * whether it reads, writes or checks the file, and gives the path's shape (see `pathShape`).
 */
import { type CodeNode, unwrap } from './code-node';
import type { CallSite, CodeModel } from './model';
import { calleeOrigin, originOf } from './resolve';
import { dottedName, keywordArgument, lastParts, mayCall } from './sdk';
import { pathShape, stringValue } from './values';

export type AccessMode = 'read' | 'write' | 'check' | 'other';

export interface FileAccess {
  call: CallSite;
  /** The path argument as written. */
  pathNode: CodeNode;
  path: string;
  mode: AccessMode;
}

const NODE_FS_MODULES = ['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'fs.promises'];

/** Node.js fs methods: how each treats its path argument (index 0 unless the entry says otherwise). */
const NODE_METHODS: Record<string, AccessMode | [AccessMode, number][]> = {
  readFile: 'read',
  readFileSync: 'read',
  createReadStream: 'read',
  readJson: 'read',
  readJsonSync: 'read',
  readJSON: 'read',
  writeFile: 'write',
  writeFileSync: 'write',
  appendFile: 'write',
  appendFileSync: 'write',
  createWriteStream: 'write',
  outputFile: 'write',
  outputFileSync: 'write',
  outputJson: 'write',
  outputJsonSync: 'write',
  writeJson: 'write',
  writeJsonSync: 'write',
  existsSync: 'check',
  exists: 'check',
  access: 'check',
  accessSync: 'check',
  stat: 'check',
  statSync: 'check',
  lstat: 'check',
  lstatSync: 'check',
  pathExists: 'check',
  pathExistsSync: 'check',
  copyFile: [
    ['read', 0],
    ['write', 1],
  ],
  copyFileSync: [
    ['read', 0],
    ['write', 1],
  ],
  copy: [
    ['read', 0],
    ['write', 1],
  ],
  rename: [
    ['other', 0],
    ['write', 1],
  ],
  renameSync: [
    ['other', 0],
    ['write', 1],
  ],
  open: 'other',
  openSync: 'other',
  readdir: 'other',
  readdirSync: 'other',
  mkdir: 'other',
  mkdirSync: 'other',
  unlink: 'other',
  unlinkSync: 'other',
  rm: 'other',
  rmSync: 'other',
  watch: 'other',
};

/** Module functions taking paths (Python, and Node.js packages that open files). */
const PATH_FUNCTIONS: Record<string, AccessMode | [AccessMode, number][]> = {
  'os.path.exists': 'check',
  'os.path.isfile': 'check',
  'os.path.isdir': 'check',
  'os.path.getsize': 'check',
  'os.path.getmtime': 'check',
  'os.stat': 'check',
  'os.listdir': 'other',
  'os.makedirs': 'other',
  'os.mkdir': 'other',
  'os.remove': 'other',
  'os.unlink': 'other',
  'shutil.copy': [
    ['read', 0],
    ['write', 1],
  ],
  'shutil.copyfile': [
    ['read', 0],
    ['write', 1],
  ],
  'shutil.copy2': [
    ['read', 0],
    ['write', 1],
  ],
  'shutil.move': [
    ['other', 0],
    ['write', 1],
  ],
  'shutil.rmtree': 'other',
  'sqlite3.connect': 'other',
  'shelve.open': 'other',
  'dbm.open': 'other',
  'better-sqlite3': 'other',
};

/** `pathlib.Path` methods. */
const PATH_METHODS: Record<string, AccessMode> = {
  read_text: 'read',
  read_bytes: 'read',
  write_text: 'write',
  write_bytes: 'write',
  exists: 'check',
  is_file: 'check',
  is_dir: 'check',
  stat: 'check',
  open: 'other',
  touch: 'write',
  unlink: 'other',
  mkdir: 'other',
  iterdir: 'other',
  glob: 'other',
};

const FILE_MEMBERS = new Set([
  ...Object.keys(NODE_METHODS),
  ...Object.keys(PATH_METHODS),
  ...lastParts(Object.keys(PATH_FUNCTIONS)),
  'open',
]);

/** Per model: two rules ask. */
const accesses = new WeakMap<CodeModel, FileAccess[]>();

/** Drops the file accesses found for a model (see `forgetOrigins`). */
export function forgetFileAccesses(model: CodeModel): void {
  accesses.delete(model);
}

export function findFileAccesses(model: CodeModel): FileAccess[] {
  let found = accesses.get(model);
  if (!found) accesses.set(model, (found = collectFileAccesses(model)));
  return found;
}

function collectFileAccesses(model: CodeModel): FileAccess[] {
  const out: FileAccess[] = [];
  for (const call of model.calls) {
    if (!call.isNew && !mayCall(call, FILE_MEMBERS)) continue;
    const origin = calleeOrigin(model, call);
    const name = dottedName(origin);
    if (name !== undefined) {
      const method = nodeFsMethod(name);
      const spec = method !== undefined ? NODE_METHODS[method] : PATH_FUNCTIONS[name];
      if (spec) addSpec(model, call, spec, out);
      else if (name === 'open' || name === 'io.open' || name === 'codecs.open') addOpen(model, call, out);
      continue;
    }
    // `Path('/tmp/x').read_text()`, `p.write_text(...)` with `p = Path(...)`.
    if (origin.kind === 'member' && origin.name in PATH_METHODS && isPathObject(model, origin.of)) {
      const receiver = call.callee.field('object');
      const path = receiver && pathShape(model, receiver);
      const mode = origin.name === 'open' ? openMode(model, call, 0) : PATH_METHODS[origin.name];
      if (receiver && path !== undefined) out.push({ call, pathNode: receiver, path, mode });
    }
  }
  return out;
}

/** `fs.readFileSync`, `fs.promises.readFile`, `fsPromises.readFile`, `readFile` imported from fs: the method name. */
function nodeFsMethod(name: string): string | undefined {
  for (const module of NODE_FS_MODULES) {
    if (!name.startsWith(module) || name.charCodeAt(module.length) !== 46 /* . */) continue;
    const rest = name.slice(module.length + 1);
    const method = rest.startsWith('promises.') ? rest.slice('promises.'.length) : rest;
    return method in NODE_METHODS ? method : undefined;
  }
  return undefined;
}

function addSpec(
  model: CodeModel,
  call: CallSite,
  spec: AccessMode | [AccessMode, number][],
  out: FileAccess[],
): void {
  const entries: [AccessMode, number][] = typeof spec === 'string' ? [[spec, 0]] : spec;
  for (const [mode, index] of entries) {
    const arg = call.args[index];
    const path = arg && pathShape(model, arg);
    if (arg && path !== undefined) out.push({ call, pathNode: arg, path, mode });
  }
}

function addOpen(model: CodeModel, call: CallSite, out: FileAccess[]): void {
  const arg = call.args[0]?.type === 'keyword_argument' ? keywordArgument(call.args, 'file') : call.args[0];
  const path = arg && pathShape(model, arg);
  if (arg && path !== undefined) out.push({ call, pathNode: arg, path, mode: openMode(model, call, 1) });
}

/** Python `open(path, mode)`: `w`, `a`, `x` and `+` write; the default `r` reads. */
function openMode(model: CodeModel, call: CallSite, modeIndex: number): AccessMode {
  const positional = call.args[modeIndex];
  const node =
    positional && positional.type !== 'keyword_argument' ? positional : keywordArgument(call.args, 'mode');
  if (!node) return 'read';
  const mode = stringValue(model, node);
  if (mode === undefined) return 'other';
  return [...mode].some((c) => 'wax+'.includes(c)) ? 'write' : 'read';
}

function isPathObject(model: CodeModel, origin: ReturnType<typeof originOf>): boolean {
  if (origin.kind === 'call')
    return ['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath'].includes(dottedName(origin.of) ?? '');
  if (origin.kind === 'value') {
    const node = unwrap(origin.node);
    // `Path('/tmp') / 'cache.json'`
    if (node?.type === 'binary_operator') return isPathObject(model, originOf(model, node.field('left')));
  }
  return false;
}
