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

/** The interpreter for `python3.X`. */
export function findPython(runtime: string, env: NodeJS.ProcessEnv): Interpreter | undefined {
  const wanted = /^python(3\.\d+)$/.exec(runtime)?.[1] ?? '3';
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
      note: `${runtime} runs on Python ${version} here: no Python ${wanted} was found on PATH, in pyenv, uv or asdf`,
    };
  }
  return undefined;
}
