/** Finds and reads `ownless.yaml` on disk: upward from the linted file, or a path given explicitly. */
import { existsSync, statSync } from 'node:fs';
import { readTextFile, unreadableReason } from '../read-file';
import { dirname, join, resolve } from 'node:path';
import type { Profile } from '../rules/types';
import { type OwnlessConfig, type ResolvedConfig, parseConfigText, resolveConfig } from './config';

export const CONFIG_NAMES = ['ownless.yaml', 'ownless.yml', '.ownless.yaml'];

export class ConfigError extends Error {}

/** The nearest config file at or above `start` (a file or folder), or undefined. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** An ownless.yaml larger than this is refused (a configuration is a few lines). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** A config file's text: regular files only, bounded while reading. Throws with the reason. */
export function readConfigText(path: string): string {
  const read = readTextFile(path, MAX_CONFIG_BYTES);
  if ('text' in read) return read.text;
  throw new Error(unreadableReason(read, `${MAX_CONFIG_BYTES} bytes`));
}

/** Reads a config file as written; throws ConfigError with every problem found. */
export function readConfigFile(path: string): OwnlessConfig {
  let text: string;
  try {
    text = readConfigText(path);
  } catch (e) {
    throw new ConfigError(`cannot read ${path}: ${(e as Error).message}`);
  }
  const { config, errors } = parseConfigText(text);
  if (errors.length) throw new ConfigError(`${path}:\n  ${errors.join('\n  ')}`);
  return config;
}

/** Reads and resolves a config file; throws ConfigError with every problem found. */
export function loadConfigFile(path: string, profile?: Profile): ResolvedConfig {
  return { ...resolveConfig(readConfigFile(path), profile), path, baseDir: dirname(resolve(path)) };
}
