/**
 * Which interpreter runs a function: one of the version its runtime names when one is installed (on
 * PATH, or where the common version managers keep theirs), else the nearest one found, with a note that
 * says so (the result shows it, the log and the REPORT line too). Version managers' shims on PATH are
 * not used as such: a pyenv shim for a version that is installed but not selected exits with 127.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './executables';

export interface Interpreter {
  command: string;
  /** Extra variables it needs (ELECTRON_RUN_AS_NODE for VS Code's own binary). */
  env: Record<string, string>;
  /** Set when it is not of the version the runtime names: what runs instead, in words. */
  note?: string;
}

/** `3.12.1` from `Python 3.12.1` or `v22.3.0`; undefined when the program does not answer. */
const versions = new Map<string, string | undefined>();
export function versionOf(command: string, args: string[]): string | undefined {
  const key = `${command}\0${args.join(' ')}`;
  if (!versions.has(key)) {
    let version: string | undefined;
    try {
      const out = execFileSync(command, args, {
        encoding: 'utf8',
        timeout: 5000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      version = /(\d+\.\d+\.\d+)/.exec(out)?.[1];
    } catch {
      version = undefined;
    }
    versions.set(key, version);
  }
  return versions.get(key);
}

/** Version folders under `dir` that start with `prefix`, newest first (`3.12.10` before `3.12.9`). */
function versionFolders(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const numbers = (name: string): number[] =>
    (/(\d+(?:\.\d+)*)/.exec(name)?.[1] ?? '0').split('.').map(Number);
  return names
    .filter((name) => name.startsWith(prefix))
    .sort((a, b) => {
      const [x, y] = [numbers(a), numbers(b)];
      for (let i = 0; i < Math.max(x.length, y.length); i++)
        if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
      return 0;
    })
    .map((name) => join(dir, name));
}

const isShim = (path: string): boolean => /[\\/]shims[\\/]/.test(path);

/** An executable file, if `path` is one. */
function executable(path: string): string | undefined {
  const dir = join(path, '..');
  const name = path.slice(dir.length + 1);
  return findExecutable(name, { PATH: dir });
}

/** The first candidate that exists and answers with a version starting with `wanted`. */
function firstMatching(candidates: string[], versionArgs: string[], wanted: string): string | undefined {
  for (const candidate of candidates) {
    const found = executable(candidate);
    if (!found || isShim(found)) continue;
    const version = versionOf(found, versionArgs);
    if (version === wanted || version?.startsWith(`${wanted}.`)) return found;
  }
  return undefined;
}

/**
 * The binary the developer named for `runtime` (the `ownless.local.runtimes` setting, `--runtime-path`):
 * used as it is, with a note when it answers with another version.
 */
function configured(
  runtime: string,
  path: string | undefined,
  language: string,
  wanted: string,
): Interpreter | undefined {
  if (!path) return undefined;
  const found = executable(path);
  if (!found)
    throw new Error(
      `the binary set for ${runtime} (ownless.local.runtimes / --runtime-path) is not an executable file: ${path}`,
    );
  const version = versionOf(found, ['--version']);
  const matches = version === wanted || version?.startsWith(`${wanted}.`);
  return {
    command: found,
    env: {},
    note: matches
      ? undefined
      : `${runtime} runs on ${language} ${version ?? '(version unknown)'} here: the binary set for it (${found}) is not ${language} ${wanted}`,
  };
}

/** The interpreter for `python3.X`; `setPath`: the binary the developer named for the runtime. */
export function findPython(
  runtime: string,
  env: NodeJS.ProcessEnv,
  setPath?: string,
): Interpreter | undefined {
  const wanted = /^python(3\.\d+)$/.exec(runtime)?.[1] ?? '3';
  const chosen = configured(runtime, setPath, 'Python', wanted);
  if (chosen) return chosen;
  const home = env.HOME ?? homedir();
  const binary = `python${wanted}`;
  const onPath = findExecutable(binary, env);
  const pyenvRoot = env.PYENV_ROOT ?? join(home, '.pyenv');
  const uvRoot = env.UV_PYTHON_INSTALL_DIR ?? join(home, '.local', 'share', 'uv', 'python');
  const candidates = [
    ...(onPath ? [onPath] : []),
    ...versionFolders(join(pyenvRoot, 'versions'), `${wanted}.`).map((dir) => join(dir, 'bin', binary)),
    ...versionFolders(uvRoot, `cpython-${wanted}.`).map((dir) => join(dir, 'bin', binary)),
    ...versionFolders(join(home, '.asdf', 'installs', 'python'), `${wanted}.`).map((dir) =>
      join(dir, 'bin', binary),
    ),
  ];
  const exact = firstMatching(candidates, ['--version'], wanted);
  if (exact) return { command: exact, env: {} };
  for (const name of ['python3', 'python']) {
    const fallback = findExecutable(name, env);
    if (!fallback) continue;
    const version = versionOf(fallback, ['--version']);
    if (!version) continue;
    return {
      command: fallback,
      env: {},
      note: `${runtime} runs on Python ${version} here: no Python ${wanted} was found on PATH, in pyenv, uv or asdf (name one with ownless.local.runtimes or --runtime-path)`,
    };
  }
  return undefined;
}

/** Folders of installed Node.js versions `major.*`, in the version managers' usual places. */
function nodeVersionFolders(major: string, env: NodeJS.ProcessEnv, home: string): string[] {
  const windows = process.platform === 'win32';
  const dataHome = env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  const fnmRoots = [
    env.FNM_DIR,
    join(dataHome, 'fnm'),
    join(home, 'Library', 'Application Support', 'fnm'),
    join(home, '.fnm'),
    env.APPDATA && join(env.APPDATA, 'fnm'),
  ].filter((dir): dir is string => !!dir);
  const inBin = (dir: string): string => (windows ? join(dir, 'node') : join(dir, 'bin', 'node'));
  return [
    // nvm (and nvm-windows, whose versions sit in NVM_HOME)
    ...versionFolders(join(env.NVM_DIR ?? join(home, '.nvm'), 'versions', 'node'), `v${major}.`).map(inBin),
    ...(env.NVM_HOME ? versionFolders(env.NVM_HOME, `v${major}.`).map((dir) => join(dir, 'node')) : []),
    ...fnmRoots.flatMap((root) =>
      versionFolders(join(root, 'node-versions'), `v${major}.`).map((dir) =>
        inBin(join(dir, 'installation')),
      ),
    ),
    ...versionFolders(
      join(env.VOLTA_HOME ?? join(home, '.volta'), 'tools', 'image', 'node'),
      `${major}.`,
    ).map(inBin),
    ...versionFolders(join(env.N_PREFIX ?? '/usr/local', 'n', 'versions', 'node'), `${major}.`).map(inBin),
    ...versionFolders(join(env.ASDF_DATA_DIR ?? join(home, '.asdf'), 'installs', 'nodejs'), `${major}.`).map(
      inBin,
    ),
  ];
}

/**
 * The Node.js for `nodejsN.x`: the binary set for it, else a `node` of major N (on PATH, nvm, fnm,
 * volta, n, asdf), else `node` from PATH or, inside VS Code without one, VS Code's own Node, with a note.
 */
export function findNode(runtime: string, env: NodeJS.ProcessEnv, setPath?: string): Interpreter {
  const wanted = /^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? '';
  const chosen = configured(runtime, setPath, 'Node.js', wanted);
  if (chosen) return chosen;
  const onPath = findExecutable('node', env);
  if (wanted) {
    const candidates = [
      ...(onPath ? [onPath] : []),
      ...nodeVersionFolders(wanted, env, env.HOME ?? homedir()),
    ];
    const exact = firstMatching(candidates, ['--version'], wanted);
    if (exact) return { command: exact, env: {} };
  }
  const fallback: { command: string; env: Record<string, string>; version: string | undefined } = onPath
    ? { command: onPath, env: {}, version: versionOf(onPath, ['--version']) }
    : process.versions.electron
      ? { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' }, version: process.versions.node }
      : { command: process.execPath, env: {}, version: process.versions.node };
  const major = fallback.version?.split('.')[0];
  return {
    command: fallback.command,
    env: fallback.env,
    note:
      wanted && major !== wanted
        ? `${runtime} runs on Node.js ${fallback.version ?? '(version unknown)'} here${onPath ? '' : process.versions.electron ? " (VS Code's own)" : ''}: no Node.js ${wanted} was found on PATH, in nvm, fnm, volta, n or asdf (name one with ownless.local.runtimes or --runtime-path)`
        : undefined,
  };
}
