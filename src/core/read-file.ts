/**
 * Reading a file the way a linter that runs in untrusted workspaces must: regular files only (a FIFO
 * would block forever, a device such as /dev/zero never ends), and the size limit enforced while
 * reading, not trusted from `stat` (which says 0 for devices and can change before the read). UTF-16
 * with a byte order mark is decoded as such.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type ReadOutcome =
  /**
   * `invalidUtf8`: the file is not valid UTF-8, and this is the offset in `text` (UTF-16 units) of the
   * first bytes that are not (decoded as U+FFFD). Such a file must never be written back from `text`.
   */
  | { text: string; invalidUtf8?: number }
  | { problem: 'notRegular' }
  | { problem: 'tooLarge'; size: number }
  | { problem: 'unreadable'; code: string };

/**
 * The text of a file's bytes: UTF-16 when a byte order mark says so (as editors do), else UTF-8. A
 * UTF-8 BOM stays in the text (the parsers skip it); bytes that are not UTF-8 become U+FFFD, which
 * parseTemplate reports where it stands.
 */
function isUtf16(bytes: Buffer): boolean {
  return (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  );
}

function decode(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}

/**
 * Why a file could not be read, in words; `limit` names the limit a file too large went past
 * (`5242880 bytes`, `Lambda's 6 MB payload limit`).
 */
export function unreadableReason(read: Exclude<ReadOutcome, { text: string }>, limit: string): string {
  if (read.problem === 'notRegular') return 'not a regular file';
  if (read.problem === 'tooLarge') return `larger than ${limit}`;
  return read.code;
}

/** Reads a regular file as UTF-8 (or UTF-16 with a BOM), refusing it once more than `maxBytes` have been read. */
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
    const bytes = buffer.subarray(0, total);
    const text = decode(bytes);
    // UTF-16 with a BOM decodes as such; UTF-8 that is not valid is said where it first goes wrong.
    if (isUtf16(bytes) || isUtf8(bytes)) return { text };
    return { text, invalidUtf8: firstInvalidUtf8(text, bytes) };
  } catch (e) {
    return { problem: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  } finally {
    closeSync(fd);
  }
}

/**
 * Where the decoder first replaced bytes that are not UTF-8, as an offset in `text`. Up to there every
 * code point is valid, so its UTF-8 length says where its bytes end; the first U+FFFD whose bytes are
 * not EF BF BD (a U+FFFD written in the file) is the replacement.
 */
function firstInvalidUtf8(text: string, bytes: Uint8Array): number {
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code === 0xfffd && !(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd))
      return i;
    if (code > 0xffff) i++;
    at += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return text.length;
}
