/**
 * Reading a file the way a linter that runs in untrusted workspaces must: regular files only (a FIFO
 * would block forever, a device such as /dev/zero never ends), and the size limit enforced while
 * reading, not trusted from `stat` (which says 0 for devices and can change before the read).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type ReadOutcome =
  | { text: string }
  | { problem: 'notRegular' }
  | { problem: 'tooLarge'; size: number }
  | { problem: 'unreadable'; code: string };

/** Reads a regular file as UTF-8, refusing it once more than `maxBytes` have been read. */
export function readTextFile(path: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before fstat can tell.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { problem: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: 'notRegular' };
    if (stat.size > maxBytes) return { problem: 'tooLarge', size: stat.size };
    // One buffer, sized from fstat and grown only if the file grew since: the text is decoded from
    // it once. One byte more than allowed, so a file that grew past the limit is caught.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 1));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > maxBytes) return { problem: 'tooLarge', size: total };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2 + 64 * 1024));
        buffer.copy(bigger, 0, 0, total);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
    }
    if (total > maxBytes) return { problem: 'tooLarge', size: total };
    return { text: buffer.toString('utf8', 0, total) };
  } catch (e) {
    return { problem: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  } finally {
    closeSync(fd);
  }
}
