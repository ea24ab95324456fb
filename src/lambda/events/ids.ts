/**
 * The small pieces every sample event is made of: identifiers that look like AWS's (UUIDs, receipt
 * handles, sequence numbers), drawn from a seeded generator so the same request gives the same sample,
 * the time formats AWS uses, and ARNs taken apart.
 */
import { createHash } from 'node:crypto';

/** A deterministic byte stream: SHA-256 of the seed and a counter. */
export class Ids {
  private pool = Buffer.alloc(0);
  private counter = 0;

  constructor(private readonly seed: string) {}

  bytes(n: number): Buffer {
    while (this.pool.length < n) {
      const block = createHash('sha256').update(`${this.seed}\0${this.counter++}`).digest();
      this.pool = Buffer.concat([this.pool, block]);
    }
    const out = this.pool.subarray(0, n);
    this.pool = this.pool.subarray(n);
    return Buffer.from(out);
  }

  /** A version 4 UUID. */
  uuid(): string {
    const b = this.bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  hex(length: number): string {
    return this.bytes(Math.ceil(length / 2))
      .toString('hex')
      .slice(0, length);
  }

  /** Characters drawn from an alphabet (`A-Z0-9` by default). */
  chars(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
    return [...this.bytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
  }

  digits(length: number): string {
    const first = this.chars(1, '123456789');
    return first + this.chars(length - 1, '0123456789');
  }

  base64(byteCount: number): string {
    return this.bytes(byteCount).toString('base64');
  }

  /** An IP address from the documentation ranges (RFC 5737). */
  ip(): string {
    return `198.51.100.${1 + (this.bytes(1)[0] % 254)}`;
  }

  /** An int in [min, max]. */
  int(min: number, max: number): number {
    return min + (this.bytes(4).readUInt32BE(0) % (max - min + 1));
  }
}

export const md5 = (text: string | Buffer): string => createHash('md5').update(text).digest('hex');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2024-05-01T12:00:00Z`: EventBridge's `time`, to the second. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `01/May/2024:12:00:00 +0000`: API Gateway's `requestTime`. */
export function clfTime(date: Date): string {
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** The parts of an ARN; null when the text is not one. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(text: string): Arn | null {
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|\*?):(.+)$/.exec(text);
  if (!m) return null;
  return { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] };
}

/** A name or ARN as given, with the name taken out of the ARN (the part after the last `:` or `/`). */
export interface NamedSource {
  name: string;
  arn: Arn | null;
}

export function nameOrArn(value: string): NamedSource {
  const arn = parseArn(value);
  if (!arn) return { name: value, arn: null };
  const parts = arn.resource.split(/[:/]/);
  return { name: parts[parts.length - 1], arn };
}
