/**
 * The files a service reads through `${file(…)}`: YAML and JSON only (a `.js` or `.ts` file is code,
 * never run), read through the caller's reader, bounded in size and number, and only inside the
 * project folder (a service cannot make Ownless read `../../etc/passwd`).
 */
import { posix } from 'node:path';
import { parseYaml } from '../../parse/yaml/parser';
import { toJS } from '../../parse/to-js';

/** Reads a file's text by absolute path; undefined when it does not exist or cannot be read. */
export type FileReader = (path: string) => string | undefined;

/** Largest file read, in UTF-16 code units. */
const MAX_FILE_SIZE = 1024 * 1024;
/** Most distinct files one service reads. */
const MAX_FILES = 32;

export type FileRead =
  | { kind: 'read'; content: unknown }
  | { kind: 'missing'; reason: string }
  | { kind: 'dynamic'; reason: string };

/** Paths with forward slashes (the reader is given them as the caller wrote the folders). */
function slashed(path: string): string {
  return path.replace(/\\/g, '/');
}

export class ServiceFiles {
  private readonly cache = new Map<string, FileRead>();
  private readonly serviceDir: string;
  private readonly projectDir: string;

  constructor(
    serviceDir: string,
    projectDir: string,
    private readonly reader: FileReader | undefined,
  ) {
    this.serviceDir = posix.normalize(slashed(serviceDir));
    this.projectDir = posix.normalize(slashed(projectDir));
  }

  /** The file a `${file(path)}` names, relative to the service folder, as the framework resolves it. */
  read(path: string): FileRead {
    const full = posix.resolve(this.serviceDir, slashed(path));
    let read = this.cache.get(full);
    if (!read) {
      read = this.load(path, full);
      this.cache.set(full, read);
    }
    return read;
  }

  private load(written: string, full: string): FileRead {
    const extension = posix.extname(full).toLowerCase();
    if (['.js', '.cjs', '.mjs', '.ts'].includes(extension))
      return { kind: 'dynamic', reason: `file(${written}) is code, which Ownless does not run` };
    if (!['.yml', '.yaml', '.json', '.tfstate'].includes(extension))
      return { kind: 'dynamic', reason: `file(${written}) is neither YAML nor JSON` };
    const inside = posix.relative(this.projectDir, full);
    if (inside.startsWith('..') || posix.isAbsolute(inside))
      return { kind: 'dynamic', reason: `file(${written}) is outside the project folder (not read)` };
    if (!this.reader) return { kind: 'dynamic', reason: `file(${written}) is read at deploy time` };
    if (this.cache.size >= MAX_FILES)
      return { kind: 'dynamic', reason: `file(${written}) not read (more than ${MAX_FILES} files)` };
    const text = this.reader(full);
    if (text === undefined) return { kind: 'missing', reason: `file ${written} is missing` };
    if (text.length > MAX_FILE_SIZE)
      return { kind: 'dynamic', reason: `file(${written}) is over ${MAX_FILE_SIZE / 1024} KB (not read)` };
    if (extension === '.yml' || extension === '.yaml') {
      const parsed = parseYaml(text);
      if (parsed.problems.length)
        return { kind: 'dynamic', reason: `file(${written}) cannot be read: ${parsed.problems[0].message}` };
      return { kind: 'read', content: toJS(parsed.root) };
    }
    try {
      return { kind: 'read', content: JSON.parse(text) as unknown };
    } catch (e) {
      return { kind: 'dynamic', reason: `file(${written}) cannot be read: ${(e as Error).message}` };
    }
  }
}
