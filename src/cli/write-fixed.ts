/**
 * How `ownless lint --fix` writes a fixed file, and where it may: only inside the project (the paths
 * named on the command line, and the folder of the configuration the linted templates use), never
 * through a file that changed since it was read or that is not valid UTF-8, and always through a
 * temporary file beside the target that is renamed over it, so a full disk or a crash leaves either
 * the old file or the new one, never a truncated one.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import { readTextFile } from '../core';

/** A fixed file that was not written, and why in words (no stack: the user can act on it). */
export class FixWriteError extends Error {}

const BOM = '\uFEFF';

/** What an I/O error code means, for the message. */
const IO_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EBUSY: 'file busy',
  EXDEV: 'cannot rename across devices',
};

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && IO_ERRORS[code]) return `${IO_ERRORS[code]} (${code})`;
  const message = (error as Error).message ?? String(error);
  return code ? `${message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')} (${code})` : message;
}

/** The real path of a file or folder, or the path itself when it does not resolve. */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolvePath(path);
  }
}

/**
 * The folders `--fix` may write in: each path named (a file's folder for a file; the working folder
 * when none is named), and each folder holding the configuration of a linted template. Real paths,
 * so a link inside the project that points out of it is outside.
 */
export function projectFolders(paths: string[], cwd: string, configFolders: Iterable<string>): string[] {
  const folders = new Set<string>();
  for (const path of paths.length ? paths : ['.']) {
    const absolute = resolvePath(cwd, path);
    let isDirectory = false;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      continue; // reported as unreadable elsewhere
    }
    folders.add(realOrSelf(isDirectory ? absolute : dirname(absolute)));
  }
  for (const folder of configFolders) folders.add(realOrSelf(folder));
  return [...folders];
}

/** True when the file (after resolving links) is inside one of `folders`. */
export function insideProject(file: string, folders: readonly string[]): boolean {
  const real = realOrSelf(file);
  return folders.some((folder) => {
    const rel = relative(folder, real);
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  });
}

/**
 * Replaces the file's text `original` with `fixed`. The file must still hold exactly `original` and be
 * valid UTF-8 (otherwise its bytes would be replaced by what the decoder made of them); a byte order
 * mark it starts with is kept, and so are its permissions. A symbolic link is followed, and the file it
 * points to written. Throws FixWriteError, with the file unchanged, when any step fails.
 */
export function writeFixedFile(path: string, original: string, fixed: string): void {
  const target = realOrSelf(path);
  const current = readTextFile(target, Buffer.byteLength(original) + 4);
  if ('problem' in current)
    throw new FixWriteError(
      current.problem === 'unreadable'
        ? describeIoError({ code: current.code })
        : 'it changed since it was read',
    );
  if (current.invalidUtf8 !== undefined) throw new FixWriteError('it is not valid UTF-8');
  if (current.text !== original) throw new FixWriteError('it changed since it was read');
  let text = fixed;
  if (original.startsWith(BOM) && !text.startsWith(BOM)) text = BOM + text.replace(BOM, '');
  const mode = statSync(target).mode & 0o7777;
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.ownless-tmp`,
  );
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', mode);
    fchmodSync(fd, mode); // the umask may have narrowed the mode given to open
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, target);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing: the first error is the one to report
      }
    }
    try {
      unlinkSync(temporary);
    } catch {
      // not created, or already renamed
    }
    throw new FixWriteError(describeIoError(error));
  }
}

/** Where `--fix` writes, and what it could not: shared by templates and handler code. */
export class FixWriter {
  /** Files with fixes that were not written because they are outside the project. */
  readonly outside: string[] = [];
  /** Files whose fixed text could not be written, with why. */
  readonly failed: { path: string; reason: string }[] = [];

  constructor(private readonly folders: readonly string[]) {}

  /** Writes the fixed text; false (and the reason noted) when it was not written. */
  write(path: string, shown: string, original: string, fixed: string): boolean {
    if (!insideProject(path, this.folders)) {
      this.outside.push(shown);
      return false;
    }
    try {
      writeFixedFile(path, original, fixed);
      return true;
    } catch (error) {
      if (!(error instanceof FixWriteError)) throw error;
      this.failed.push({ path: shown, reason: error.message });
      return false;
    }
  }
}
