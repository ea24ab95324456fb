/**
 * Loads a bundle that scripts/build.mjs writes beside dist/cli.js (a command's code, or the language
 * server) when the command that needs it runs, and keeps a V8 code cache of the lint bundle so that
 * a later `ownless lint` skips compiling it.
 *
 * Why a cache of our own: Node 20 has none for require() (module.enableCompileCache is Node 22.1+,
 * and it saves the cache right after compiling, before the lazily compiled functions a lint runs
 * exist). Here the cache is made after the command ran, so it holds those functions too: a cold
 * `ownless lint` compiles about 0.4 MB of JavaScript, a cached one deserialises what it will run.
 *
 * The cache can only make a start faster, never break it:
 * - its file name carries a hash of the bundle's text (a rebuilt bundle gets a new file; V8 itself
 *   checks only the source's length), the Node.js version and the architecture;
 * - its first 20 bytes are a SHA-1 of the rest, checked before V8 sees it (V8 release builds do not
 *   verify the checksum of code caches), so a truncated or corrupt file is ignored and replaced;
 * - V8 rejects a cache from another V8 version or other flags, and then compiles as usual;
 * - it is written to a temporary file renamed into place (processes linting in parallel never read
 *   half a file), and any error reading or writing it falls back to a plain require();
 * - it lives in the user's cache folder (never a shared temporary folder, where another user could
 *   plant code): OWNLESS_CACHE_DIR moves it, OWNLESS_CODE_CACHE=0 turns it off.
 * Only bundles without a dynamic import() are cached (scripts/build.mjs checks): vm.Script cannot
 * import() on Node 20 without --experimental-vm-modules (tree-sitter's loader, which needs it, is a
 * bundle of its own, loaded by require). With --enable-source-maps there is no cache either: Node maps
 * stack traces of required modules only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** The bundles kept in the code cache: those a short-lived, often repeated command loads. */
const CACHED = new Set(['cli-lint.js']);

const loaded = new Map<string, unknown>();

/** Bundles compiled without a usable cache in this process: their cache is written by `saveCodeCaches`. */
const unsaved: { script: Script; dir: string; name: string; file: string }[] = [];

/** The exports of `dist/<file>`, loaded once, like require(). */
export function loadBundle<T>(file: string): T {
  if (loaded.has(file)) return loaded.get(file) as T;
  const path = join(__dirname, file);
  const dir = CACHED.has(file) ? cacheDir() : undefined;
  // A file beside this bundle, named at run time: require() is the loader, not an import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = (dir && runCached(path, dir)) || { exports: require(path) as unknown };
  loaded.set(file, module.exports);
  return module.exports as T;
}

/**
 * Writes the code cache of the bundles this process compiled without one. Called once a command has
 * done its work (the cache then holds every function it compiled), not after `--help` or usage errors.
 */
export function saveCodeCaches(): void {
  for (const { script, dir, name, file } of unsaved.splice(0)) {
    const path = join(dir, file);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      const data = script.createCachedData();
      makeDir(dir);
      writeFileSync(tmp, Buffer.concat([sha1(data), data]));
      renameSync(tmp, path);
      // Other builds' caches of this bundle (or other Node.js versions', or a crashed writer's
      // temporary file): one is enough. Deleting another process's file at worst costs it its cache.
      for (const old of readdirSync(dir))
        if (old.startsWith(`${name}-`) && old !== file) unlinkSync(join(dir, old));
    } catch {
      // No cache this time (read-only or full disk, a race with another process): nothing is lost.
      try {
        unlinkSync(tmp);
      } catch {
        // It was not written, or it was renamed.
      }
    }
  }
}

/**
 * mkdir -p, to a bounded depth: fs.mkdirSync's own `recursive` loops forever where mkdir keeps failing
 * with ENOENT (as under /proc on Node 20), and a cache must never hang the CLI.
 */
function makeDir(dir: string, depth = 0): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || depth >= 8 || dirname(dir) === dir) throw e;
    makeDir(dirname(dir), depth + 1);
    mkdirSync(dir);
  }
}

/** Where the code cache lives, or undefined when it is off, source maps are on, or there is no home. */
function cacheDir(): string | undefined {
  const env = process.env;
  if (env.OWNLESS_CODE_CACHE === '0' || process.sourceMapsEnabled) return undefined;
  if (env.OWNLESS_CACHE_DIR) return env.OWNLESS_CACHE_DIR;
  let base: string | undefined;
  if (process.platform === 'win32') base = env.LOCALAPPDATA;
  else if (process.platform === 'darwin') base = join(homedir(), 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return base ? join(base, 'ownless') : undefined;
}

function sha1(data: Uint8Array | string): Buffer {
  return createHash('sha1').update(data).digest();
}

/**
 * Compiles and runs a bundle as require() would (same wrapper, filename, __dirname), with the code
 * cache when there is a valid one. Returns undefined, having run nothing, when it cannot.
 */
function runCached(path: string, dir: string): { exports: unknown } | undefined {
  let script: Script;
  try {
    const source = readFileSync(path, 'utf8');
    const name = basename(path, '.js');
    const file = `${name}-${sha1(source).toString('hex').slice(0, 16)}-${process.version}-${process.arch}.v8cache`;
    let cachedData: Buffer | undefined;
    try {
      const stored = readFileSync(join(dir, file));
      const data = stored.subarray(20);
      if (stored.length > 20 && sha1(data).equals(stored.subarray(0, 20))) cachedData = data;
    } catch {
      // No cache yet.
    }
    // The same wrapper as require()'s, so line and column numbers in stack traces are the file's.
    script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
      filename: path,
      cachedData,
    });
    if (cachedData === undefined || script.cachedDataRejected) unsaved.push({ script, dir, name, file });
  } catch {
    return undefined;
  }
  // From here on the bundle runs: its errors are its own, as with require().
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return module;
}
