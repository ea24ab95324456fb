/**
 * What a deployment zip must not carry unasked: secrets (issue 16 item 2), and what `.ownlessignore`
 * says. SAM has no ignore file (its builders drop a fixed list: `.git`, `.aws-sam`, `__pycache__`…),
 * the Serverless Framework drops `.git`, `.serverless` and, with `useDotenv`, `.env*` files; neither
 * drops keys. Ownless leaves out by default:
 * - environment files: `.env`, `.env.*` (not `.env.example`, `.sample`, `.template`, `.dist`: those
 *   hold names, not values);
 * - credential files: `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`, `.htpasswd`,
 *   `.dockercfg`; SSH private keys (`id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`); key stores
 *   (`*.p12`, `*.pfx`, `*.jks`, `*.keystore`);
 * - `*.pem` and `*.key` files that hold a private key (`-----BEGIN … PRIVATE KEY-----`): certificate
 *   bundles such as certifi's `cacert.pem` or RDS's CA bundle are code's data and stay in;
 * - folders: `.aws`, `.ssh`, `.gnupg`, `.docker`.
 * `.ownlessignore` in the code folder (gitignore syntax: `#` comments, `*`, `**`, a `/` anchors, a
 * trailing `/` names a folder, `!` puts back; the last matching line wins) leaves out more, or puts a
 * secret back (`!.env` for a function that reads its `.env`). The file itself is never deployed.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isIgnored, readTextFile } from '../../core';

export const IGNORE_FILE = '.ownlessignore';

const SECRET_DIRS: Record<string, string> = {
  '.aws': 'AWS credentials',
  '.ssh': 'SSH keys',
  '.gnupg': 'GnuPG keys',
  '.docker': 'registry credentials',
};

const SECRET_FILES: Record<string, string> = {
  '.npmrc': 'package registry token',
  '.pypirc': 'package registry token',
  '.netrc': 'login credentials',
  '.git-credentials': 'login credentials',
  '.pgpass': 'database password',
  '.htpasswd': 'password hashes',
  '.dockercfg': 'registry credentials',
  id_rsa: 'SSH private key',
  id_dsa: 'SSH private key',
  id_ecdsa: 'SSH private key',
  id_ed25519: 'SSH private key',
};

const ENV_FILE = /^\.env(?:\..+)?$/;
const ENV_TEMPLATE = /^\.env\.(?:example|sample|template|dist)$/;
const KEY_STORE = /\.(?:p12|pfx|jks|keystore)$/i;
const MAYBE_KEY = /\.(?:pem|key)$/i;
/** How much of a .pem or .key file is read to look for a private key (keys come first or alone). */
const KEY_SNIFF_BYTES = 64 * 1024;

/** Why a file or folder is a secret, or undefined. `absolute` is read only for `*.pem` and `*.key`. */
export function secretReason(name: string, isDirectory: boolean, absolute: string): string | undefined {
  if (isDirectory) return SECRET_DIRS[name] && `secret (${SECRET_DIRS[name]})`;
  if (SECRET_FILES[name]) return `secret (${SECRET_FILES[name]})`;
  if (ENV_FILE.test(name) && !ENV_TEMPLATE.test(name)) return 'secret (environment file)';
  if (KEY_STORE.test(name)) return 'secret (key store)';
  if (MAYBE_KEY.test(name) && holdsPrivateKey(absolute)) return 'secret (holds a private key)';
  return undefined;
}

function holdsPrivateKey(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(KEY_SNIFF_BYTES);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(buffer.toString('latin1', 0, n));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** One line of `.ownlessignore`. */
interface IgnoreRule {
  pattern: string;
  include: boolean;
  directoryOnly: boolean;
}

/** The rules of the code folder's `.ownlessignore` (none when there is none). */
export class IgnoreFile {
  private constructor(private readonly rules: IgnoreRule[]) {}

  static read(path: string): IgnoreFile {
    const read = readTextFile(path, 1024 * 1024);
    if (!('text' in read)) return new IgnoreFile([]);
    const rules: IgnoreRule[] = [];
    for (const raw of read.text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const include = line.startsWith('!');
      const pattern = include ? line.slice(1) : line;
      rules.push({ pattern, include, directoryOnly: pattern.endsWith('/') });
    }
    return new IgnoreFile(rules);
  }

  /** 'exclude' or 'include' by the last matching line, or undefined when no line matches. */
  decide(relativePath: string, isDirectory: boolean): 'exclude' | 'include' | undefined {
    let decision: 'exclude' | 'include' | undefined;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (isIgnored(relativePath, [rule.pattern])) decision = rule.include ? 'include' : 'exclude';
    }
    return decision;
  }
}
