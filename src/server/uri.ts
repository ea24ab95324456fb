/** Document URIs and file paths: only `file:` URIs have a path the core can read around. */
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** The name the core sees: the path for files, the URI's last segment otherwise (it picks the syntax). */
export function documentName(uri: string): string {
  return uriToPath(uri) ?? decodeURIComponent(uri.replace(/[?#].*$/, ''));
}
