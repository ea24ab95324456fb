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
    const chunks: Buffer[] = [];
    let total = 0;
    // One byte more than allowed: a file that grew past the limit since fstat is caught here.
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { problem: 'tooLarge', size: total };
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return { problem: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  } finally {
    closeSync(fd);
  }
}
