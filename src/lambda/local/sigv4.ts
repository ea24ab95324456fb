/**
 * AWS Signature Version 4, verified for real: the local runtime accepts only requests signed with the
 * credentials it generated at start, so another local process (or a web page that can reach loopback)
 * cannot invoke functions without them. The canonical request follows the SDK and botocore for every
 * service but S3: the path as sent is encoded again ("double encoding"), dot segments removed.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What the verifier needs of a request: everything as received, the body already hashed. */
export interface SignedRequest {
  method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  target: string;
  /** Node's `rawHeaders`: name, value, name, value… (repeated headers kept apart). */
  rawHeaders: string[];
  /** Hex SHA-256 of the body. */
  bodySha256: string;
}

export type Verdict = { ok: true } | { ok: false; errorType: string; message: string };

/** Requests whose date is further than this from the clock are refused, as AWS does. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const SERVICE = 'lambda';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** Fresh credentials shaped like AWS's (an `AKIA…` key id, a 40-character secret) for one runtime. */
export function generateCredentials(): Credentials {
  return { accessKeyId: `AKIA${randomString(BASE32, 16)}`, secretAccessKey: randomString(BASE62, 40) };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** RFC 3986 encoding: everything but unreserved characters, as SigV4 requires. */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = rawPath.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return leading + segments.map(encodeRfc3986).join('/') + trailing;
}

function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [encodeRfc3986(decodeQueryPart(key)), encodeRfc3986(decodeQueryPart(value))];
    });
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Header values by lowercase name: trimmed, inner whitespace collapsed, repeats joined with commas. */
function headerValues(rawHeaders: string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const raw = rawHeaders[i + 1];
    // Most values have no run of whitespace to collapse: skip the regular expression for them.
    const value = /\s\s|[^\S ]/.test(raw) ? raw.trim().replace(/\s+/g, ' ') : raw.trim();
    const earlier = values.get(name);
    values.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  return values;
}

interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): Authorization | null {
  if (!header.startsWith(`${ALGORITHM} `)) return null;
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || credential.length !== 5 || !signedHeaders || !signature) return null;
  const [accessKeyId, date, region, service, terminator] = credential;
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

/** `20240102T030405Z` → epoch ms, or NaN. */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Date.parse(value); // the HTTP `Date` header form
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function deny(errorType: string, message: string): Verdict {
  return { ok: false, errorType, message };
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** Signing keys by secret, date, region and service: a key is good for a day, four HMACs each time. */
const signingKeys = new Map<string, Buffer>();
const SIGNING_KEYS_KEPT = 64;

function cachedSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${secret}\0${date}\0${region}\0${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = signingKey(secret, date, region, service);
    if (signingKeys.size >= SIGNING_KEYS_KEPT) signingKeys.delete(signingKeys.keys().next().value as string);
    signingKeys.set(id, key);
  }
  return key;
}

/** The canonical request and string to sign for a request, given the headers it says it signed. */
export function stringToSign(
  request: SignedRequest,
  signedHeaders: string[],
  amzDate: string,
  scope: string,
): string {
  return stringToSignWith(headerValues(request.rawHeaders), request, signedHeaders, amzDate, scope);
}

function stringToSignWith(
  headers: Map<string, string>,
  request: SignedRequest,
  signedHeaders: string[],
  amzDate: string,
  scope: string,
): string {
  const query = request.target.indexOf('?');
  const rawPath = query < 0 ? request.target : request.target.slice(0, query);
  const rawQuery = query < 0 ? '' : request.target.slice(query + 1);
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    signedHeaders.map((name) => `${name}:${headers.get(name) ?? ''}\n`).join(''),
    signedHeaders.join(';'),
    request.bodySha256,
  ].join('\n');
  return [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
}

/** Checks a request's `Authorization` header against the runtime's credentials. */
export function verifySignature(
  request: SignedRequest,
  credentials: Credentials,
  { now = Date.now(), service = SERVICE }: { now?: number; service?: string } = {},
): Verdict {
  const headers = headerValues(request.rawHeaders);
  const header = headers.get('authorization');
  if (header === undefined)
    return deny('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const auth = parseAuthorization(header);
  if (!auth || auth.service !== service || auth.terminator !== 'aws4_request' || !auth.region) {
    return deny(
      'IncompleteSignatureException',
      `Authorization header requires a ${ALGORITHM} Credential for the ${service} service, SignedHeaders and Signature.`,
    );
  }
  if (auth.accessKeyId !== credentials.accessKeyId)
    return deny('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const amzDate = headers.get('x-amz-date') ?? headers.get('date');
  const signedAt = amzDate === undefined ? NaN : parseAmzDate(amzDate);
  if (amzDate === undefined || Number.isNaN(signedAt))
    return deny(
      'IncompleteSignatureException',
      'Authorization header requires existence of either a X-Amz-Date or a Date header.',
    );
  if (signedAt < now - MAX_CLOCK_SKEW_MS) {
    return deny(
      'InvalidSignatureException',
      `Signature expired: ${formatAmzDate(signedAt)} is now earlier than ${formatAmzDate(now - MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
    );
  }
  if (signedAt > now + MAX_CLOCK_SKEW_MS) {
    return deny(
      'InvalidSignatureException',
      `Signature not yet current: ${formatAmzDate(signedAt)} is still later than ${formatAmzDate(now + MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
    );
  }
  // The Host header must be covered, or a signature could be replayed against another endpoint.
  if (!auth.signedHeaders.includes('host'))
    return deny('InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  const declaredHash = headers.get('x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== request.bodySha256)
    return deny(
      'InvalidSignatureException',
      'The provided x-amz-content-sha256 header does not match what was computed.',
    );
  // The date in the scope is the signing date's, as the signer derives both from one instant.
  const scopeDate = formatAmzDate(signedAt).slice(0, 8);
  if (auth.date !== scopeDate)
    return deny('InvalidSignatureException', `Credential should be scoped to a valid date: ${scopeDate}.`);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = stringToSignWith(headers, request, auth.signedHeaders, amzDate, scope);
  const expected = createHmac(
    'sha256',
    cachedSigningKey(credentials.secretAccessKey, auth.date, auth.region, service),
  )
    .update(toSign, 'utf8')
    .digest();
  const given = /^[0-9a-f]{64}$/.test(auth.signature) ? Buffer.from(auth.signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return deny(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { ok: true };
}
