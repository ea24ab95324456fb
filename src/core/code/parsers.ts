/**
 * The tree-sitter runtime and grammars (WebAssembly). Loading them is asynchronous, so it happens
 * once, in `initCodeParsers()`; afterwards every parse is synchronous. Each grammar loads on its own
 * (`initCodeParsers({ languages })`): the language server loads only those of the code it meets
 * (the runtime and four grammars cost about 20 MB of memory, for nothing in a workspace of templates). The wasm files are found
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

const loaded = new Map<CodeLanguage, LoadedLanguage>();
const loading = new Map<CodeLanguage, Promise<void>>();
/** The runtime's initialisation, resolving to the folder of the wasm files. */
let runtime: Promise<string> | undefined;

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
  /** The grammars to load (default: all of them). */
  languages?: readonly CodeLanguage[];
}

/**
 * Loads the runtime and the grammars asked for (by default the JavaScript, TypeScript, TSX and
 * Python ones). Await it before linting code of those languages; later calls return at once for
 * what is loaded. Rejects when the wasm files cannot be found (a failed load may be retried).
 */
export function initCodeParsers(options: InitOptions = {}): Promise<void> {
  const languages = options.languages ?? CODE_LANGUAGES;
  return Promise.all(languages.map((language) => loadLanguage(language, options))).then(() => undefined);
}

/**
 * Initialises the tree-sitter runtime once (every grammar, handler code's and Terraform's, loads into
 * this one runtime), resolving to the folder of its wasm files.
 */
export function initTreeSitterRuntime(options: Pick<InitOptions, 'wasmDir'> = {}): Promise<string> {
  runtime ??= (async () => {
    const dir = options.wasmDir ?? locateWasmDir();
    if (!dir)
      throw new Error('tree-sitter wasm files not found (expected dist/wasm/ or @vscode/tree-sitter-wasm)');
    await Parser.init({ locateFile: (file: string) => join(dir, file) });
    return dir;
  })().catch((error: unknown) => {
    runtime = undefined; // files missing: retried once they are there
    throw error;
  });
  return runtime;
}

function loadLanguage(name: CodeLanguage, options: InitOptions): Promise<void> {
  if (loaded.has(name)) return Promise.resolve();
  let pending = loading.get(name);
  if (!pending) {
    pending = initTreeSitterRuntime(options)
      .then(async (dir) => {
        const language = await Language.load(join(dir, `tree-sitter-${name}.wasm`));
        const parser = new Parser();
        parser.setLanguage(language);
        loaded.set(name, { language, parser, fieldNames: language.fields });
      })
      .catch((error: unknown) => {
        loading.delete(name);
        throw error;
      });
    loading.set(name, pending);
  }
  return pending;
}

/**
 * True once a language's grammar (without one: every grammar) is loaded: its code can be parsed
 * synchronously.
 */
export function codeParsersReady(language?: CodeLanguage): boolean {
  return language ? loaded.has(language) : loaded.size === CODE_LANGUAGES.length;
}

/** The parser of a language; throws when its grammar was not loaded. */
export function loadedLanguage(language: CodeLanguage): LoadedLanguage {
  const found = loaded.get(language);
  if (!found) throw new Error(`the ${language} parser is not initialised: await initCodeParsers() first`);
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
