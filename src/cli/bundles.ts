/**
 * Loads a bundle that scripts/build.mjs writes beside dist/cli.js (a command's code, or the language
 * server) when the command that needs it runs.
 */
import { join } from 'node:path';

/** The exports of `dist/<file>`, loaded once, like require(). */
export function loadBundle<T>(file: string): T {
  // A file beside this bundle, named at run time: require() is the loader, not an import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(__dirname, file)) as T;
}
