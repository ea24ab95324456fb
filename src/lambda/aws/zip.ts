/**
 * A deterministic zip of a function's code folder: the same files give the same bytes, so the
 * archive's SHA-256 equals the CodeSha256 Lambda reports for code deployed from it, and "has the code
 * changed?" is a comparison of hashes. For that, entries are sorted by path, every timestamp is
 * 1980-01-01 00:00 (the earliest a zip can hold), permissions are 0644, or 0755 for files with an
 * executable bit (a `provided` runtime's bootstrap must stay executable), and no extra fields are
 * written. The bytes stay equal only with the same fflate version (its deflate output could change).
 *
 * What goes in: everything, dependencies included (node_modules, Python packages vendored into the
 * folder with `pip install -t .`), except
 * - always: `.git`, `.aws-sam`, `__pycache__`, `.DS_Store`, and virtualenvs (a folder named `.venv`,
 *   or any folder holding `pyvenv.cfg`): a virtualenv's packages are built for this machine's Python
 *   and its links point outside the folder; Lambda needs the packages vendored instead;
 * - outside node_modules: tests (`test/`, `tests/`, `__tests__/`, `*.test.*`, `*.spec.*`). A
 *   dependency ships what its author chose, and a few load files from folders named `test`.
 *
 * - secrets (./zip-hygiene: `.env`, `.npmrc`, SSH and private keys, `.aws/`…), unless `.ownlessignore`
 *   puts them back; and what `.ownlessignore` names.
 *
 * Symbolic links inside the code folder are followed (pnpm links every dependency), with loops cut;
 * a link that leads out of the code folder (`../secret`, `/etc/passwd`) is never followed: it is left
 * out and said so. `leftOut` says why each path was left out, for the deploy confirmation.
 */
import { createHash } from 'node:crypto';
import { type Dirent, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep, isAbsolute } from 'node:path';
import { type Zippable, zipSync } from 'fflate';
import { AwsActionError } from './errors';
import { IGNORE_FILE, IgnoreFile, secretReason } from './zip-hygiene';

/** Lambda's limits for code uploaded directly (not from S3). */
export const LAMBDA_ZIPPED_LIMIT = 50 * 1024 * 1024;
export const LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024;

/** 1980-01-01 00:00, in local time: zip stores local date fields, so this gives the same bytes anywhere. */
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
const REGULAR_FILE = 0o100000;

const ALWAYS_EXCLUDED_DIRS = new Set(['.git', '.aws-sam', '__pycache__', '.venv']);
const ALWAYS_EXCLUDED_FILES = new Set(['.DS_Store']);
const TEST_DIRS = new Set(['test', 'tests', '__tests__']);
const TEST_FILE = /\.(test|spec)\.[^./]+$/;

export interface ZipEntry {
  /** Relative to the code folder, with `/`. */
  path: string;
  size: number;
  executable: boolean;
}

export interface CodeZip {
  codeDir: string;
  bytes: Uint8Array;
  /** SHA-256 of the bytes in base64: what Lambda reports as CodeSha256. */
  sha256: string;
  size: number;
  unzippedSize: number;
  files: ZipEntry[];
  /** Paths left out, folders as `name/` (not what is inside them), sorted. */
  excluded: string[];
  /** The paths left out that are worth saying (not the usual build litter), each with why, sorted. */
  leftOut: { path: string; reason: string }[];
  /** Paths that could not be read (broken links, no permission), sorted. */
  skipped: string[];
}

export interface ZipLimits {
  zipped?: number;
  unzipped?: number;
}

/** Why a path is left out, or undefined when it goes in. */
export function exclusionReason(relativePath: string, isDirectory: boolean): string | undefined {
  const parts = relativePath.split('/');
  const name = parts[parts.length - 1];
  const inDependencies = parts.slice(0, -1).includes('node_modules');
  if (isDirectory && ALWAYS_EXCLUDED_DIRS.has(name)) return `${name} folder`;
  if (!isDirectory && ALWAYS_EXCLUDED_FILES.has(name)) return name;
  if (inDependencies || name === 'node_modules') return undefined;
  if (isDirectory && TEST_DIRS.has(name)) return 'tests';
  if (!isDirectory && TEST_FILE.test(name)) return 'tests';
  return undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface Found {
  path: string;
  absolute: string;
  size: number;
  executable: boolean;
}

/** True when `real` is `folder` or inside it (both real paths). */
function within(folder: string, real: string): boolean {
  const rel = relative(folder, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Why a path is left out beyond the fixed rules: a secret, or `.ownlessignore`; undefined when it goes in. */
function hygieneReason(
  ignore: IgnoreFile,
  path: string,
  name: string,
  isDirectory: boolean,
  absolute: string,
): { reason?: string; putBack: boolean } {
  if (path === IGNORE_FILE) return { reason: 'the ignore file', putBack: false };
  const decision = ignore.decide(path, isDirectory);
  if (decision === 'include') return { putBack: true };
  if (decision === 'exclude') return { reason: IGNORE_FILE, putBack: false };
  return { reason: secretReason(name, isDirectory, absolute), putBack: false };
}

interface Collected {
  files: Found[];
  excluded: string[];
  leftOut: { path: string; reason: string }[];
  skipped: string[];
}

/** Walks the folder; stops as soon as the files add up to more than `limit` bytes. */
function collect(codeDir: string, limit: number): Collected {
  const files: Found[] = [];
  const excluded: string[] = [];
  const leftOut: { path: string; reason: string }[] = [];
  const skipped: string[] = [];
  const realRoot = realpathSync(codeDir);
  const ignore = IgnoreFile.read(join(codeDir, IGNORE_FILE));
  const leaveOut = (path: string, isDirectory: boolean, reason: string, say: boolean): void => {
    excluded.push(isDirectory ? `${path}/` : path);
    if (say) leftOut.push({ path: isDirectory ? `${path}/` : path, reason });
  };
  let total = 0;
  const walk = (dir: string, prefix: string, ancestors: Set<string>): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      skipped.push(prefix || '.');
      return;
    }
    if (prefix && entries.some((e) => e.name === 'pyvenv.cfg')) {
      excluded.push(`${prefix}/ (virtualenv)`);
      return;
    }
    for (const entry of entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      const absolute = join(dir, entry.name);
      let stats;
      try {
        stats = entry.isSymbolicLink() ? statSync(absolute) : null;
      } catch {
        skipped.push(path); // a link to nothing
        continue;
      }
      const isDirectory = stats ? stats.isDirectory() : entry.isDirectory();
      const isFile = stats ? stats.isFile() : entry.isFile();
      if (stats && !within(realRoot, realpathSync(absolute))) {
        leaveOut(path, isDirectory, 'a link out of the code folder', true);
        continue;
      }
      const hygiene = hygieneReason(ignore, path, entry.name, isDirectory, absolute);
      const reason = hygiene.putBack ? undefined : (hygiene.reason ?? exclusionReason(path, isDirectory));
      if (reason) {
        leaveOut(path, isDirectory, reason, hygiene.reason !== undefined);
        continue;
      }
      if (isDirectory) {
        const real = realpathSync(absolute);
        if (ancestors.has(real)) {
          skipped.push(`${path}/ (link loop)`);
          continue;
        }
        walk(absolute, path, new Set([...ancestors, real]));
      } else if (isFile) {
        const fileStats = stats ?? statSync(absolute);
        total += fileStats.size;
        if (total > limit) throw tooLarge('unzipped', total, limit, codeDir);
        files.push({ path, absolute, size: fileStats.size, executable: (fileStats.mode & 0o111) !== 0 });
      }
      // Sockets, FIFOs and devices are not code.
    }
  };
  walk(codeDir, '', new Set([realRoot]));
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  files.sort((a, b) => byPath(a.path, b.path));
  leftOut.sort((a, b) => byPath(a.path, b.path));
  return { files, excluded: excluded.sort(byPath), leftOut, skipped: skipped.sort(byPath) };
}

function tooLarge(
  which: 'zipped' | 'unzipped',
  size: number,
  limit: number,
  codeDir: string,
): AwsActionError {
  const what =
    which === 'zipped'
      ? `The zipped code of ${codeDir} is ${formatBytes(size)}, over Lambda's ${formatBytes(limit)} limit for a direct upload.`
      : `The code in ${codeDir} is more than ${formatBytes(limit)} unzipped, over Lambda's limit (${formatBytes(size)} counted so far).`;
  return new AwsActionError(
    what,
    'Leave out what the function does not need (dev dependencies: `npm ci --omit=dev`; build output, data files), move shared dependencies to a layer, or use a container image.',
    { code: 'CodeTooLarge' },
  );
}

/**
 * Zips a code folder (see the file comment for what goes in). Throws an AwsActionError when the folder
 * is missing or empty, or the code is over Lambda's limits.
 */
export function buildCodeZip(codeDir: string, limits: ZipLimits = {}): CodeZip {
  const zippedLimit = limits.zipped ?? LAMBDA_ZIPPED_LIMIT;
  const unzippedLimit = limits.unzipped ?? LAMBDA_UNZIPPED_LIMIT;
  let isDir = false;
  try {
    isDir = statSync(codeDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new AwsActionError(`The code folder ${codeDir} does not exist.`, 'Check CodeUri in the template.', {
      code: 'CodeFolderMissing',
    });
  }
  const { files, excluded, leftOut, skipped } = collect(codeDir, unzippedLimit);
  if (files.length === 0) {
    throw new AwsActionError(
      `The code folder ${codeDir} has nothing to deploy${excluded.length ? ` (left out: ${excluded.join(', ')})` : ''}.`,
      'Check CodeUri in the template, and build the code first if it needs a build.',
      { code: 'CodeFolderEmpty' },
    );
  }
  // Insertion order is archive order (only a root file named like an array index, "1", would move
  // ahead; the order is still the same every time).
  const entries: Zippable = {};
  let unzippedSize = 0;
  for (const file of files) {
    const data = readFileSync(file.absolute);
    unzippedSize += data.length;
    const mode = file.executable ? 0o755 : 0o644;
    entries[file.path] = [
      new Uint8Array(data.buffer, data.byteOffset, data.length),
      { mtime: ZIP_EPOCH, os: UNIX, attrs: ((REGULAR_FILE | mode) * 0x10000) >>> 0, level: 6 },
    ];
  }
  if (unzippedSize > unzippedLimit) throw tooLarge('unzipped', unzippedSize, unzippedLimit, codeDir);
  const bytes = zipSync(entries);
  if (bytes.length > zippedLimit) throw tooLarge('zipped', bytes.length, zippedLimit, codeDir);
  return {
    codeDir,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('base64'),
    size: bytes.length,
    unzippedSize,
    files: files.map(({ path, size, executable }) => ({ path, size, executable })),
    excluded,
    leftOut,
    skipped,
  };
}
