/**
 * The tree-sitter runtime and grammars (WebAssembly). Loading them is asynchronous, so it happens
 * once, in `initCodeParsers()`; afterwards every parse is synchronous. The wasm files are found
 * beside the bundle (`dist/wasm/`, where the build copies them) or, when running from source, in
 * `node_modules/@vscode/tree-sitter-wasm/wasm/`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser } from '@vscode/tree-sitter-wasm';

export type CodeLanguage = 'javascript' | 'typescript' | 'tsx' | 'python';

export const CODE_LANGUAGES: readonly CodeLanguage[] = ['javascript', 'typescript', 'tsx', 'python'];

/** The files the bundle needs in `dist/wasm/`. */
export const WASM_FILES: readonly string[] = [
  'tree-sitter.wasm',
  ...CODE_LANGUAGES.map((language) => `tree-sitter-${language}.wasm`),
];

interface LoadedLanguage {
  language: Language;
  parser: Parser;
  /** Field names by field id (looked up once per node while converting trees). */
  fieldNames: readonly (string | null)[];
}

let loaded: Map<CodeLanguage, LoadedLanguage> | undefined;
let loading: Promise<void> | undefined;

/** Where the wasm files are: beside the bundle first, then the package in any node_modules above. */
export function locateWasmDir(start: string = __dirname): string | undefined {
  const beside = join(start, 'wasm');
  if (existsSync(join(beside, 'tree-sitter.wasm'))) return beside;
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
    if (existsSync(join(candidate, 'tree-sitter.wasm'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export interface InitOptions {
  /** The folder holding the wasm files (default: found by `locateWasmDir`). */
  wasmDir?: string;
}

/**
 * Loads the runtime and the JavaScript, TypeScript, TSX and Python grammars. Await it once before
 * linting code; later calls return the same promise. Rejects when the wasm files cannot be found.
 */
export function initCodeParsers(options: InitOptions = {}): Promise<void> {
  loading ??= load(options).catch((error: unknown) => {
    loading = undefined; // a failed load (files missing) may be retried once they are there
    throw error;
  });
  return loading;
}

async function load(options: InitOptions): Promise<void> {
  const dir = options.wasmDir ?? locateWasmDir();
  if (!dir)
    throw new Error('tree-sitter wasm files not found (expected dist/wasm/ or @vscode/tree-sitter-wasm)');
  await Parser.init({ locateFile: (file: string) => join(dir, file) });
  const languages = new Map<CodeLanguage, LoadedLanguage>();
  for (const name of CODE_LANGUAGES) {
    const language = await Language.load(join(dir, `tree-sitter-${name}.wasm`));
    const parser = new Parser();
    parser.setLanguage(language);
    languages.set(name, { language, parser, fieldNames: language.fields });
  }
  loaded = languages;
}

/** True once `initCodeParsers()` has finished: code can be parsed synchronously. */
export function codeParsersReady(): boolean {
  return loaded !== undefined;
}

/** The parser of a language; throws when the parsers were not initialised. */
export function loadedLanguage(language: CodeLanguage): LoadedLanguage {
  const found = loaded?.get(language);
  if (!found) throw new Error('code parsers are not initialised: await initCodeParsers() first');
  return found;
}

/** The language of a source file by its extension, or undefined for files that are not code we read. */
export function languageForPath(path: string): CodeLanguage | undefined {
  const dot = path.lastIndexOf('.');
  const ext = dot === -1 ? '' : path.slice(dot + 1).toLowerCase();
  switch (ext) {
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
      return 'javascript';
    case 'ts':
    case 'mts':
    case 'cts':
      return 'typescript';
    case 'tsx':
      return 'tsx';
    case 'py':
      return 'python';
    default:
      return undefined;
  }
}
