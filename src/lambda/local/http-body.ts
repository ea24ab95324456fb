/** Reading request bodies with a bound on what is kept in memory. */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface ReadBody {
  /** The body, or its first `limit` bytes when it is longer. */
  body: Buffer;
  /** The full length, also past the limit. */
  size: number;
  /** Hex SHA-256 of the whole body (a signature covers all of it, even what is not kept). */
  sha256: string;
}

/** Reads a body to its end, hashing everything and keeping at most `limit` + 1 bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      if (kept <= limit) {
        const part = chunk.subarray(0, limit + 1 - kept);
        chunks.push(part);
        kept += part.length;
      }
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), size, sha256: hash.digest('hex') }));
    req.on('error', reject);
  });
}
