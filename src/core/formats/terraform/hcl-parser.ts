/**
 * HCL read with positions: tree-sitter's Terraform grammar (`@tree-sitter-grammars/tree-sitter-hcl`'s
 * prebuilt `tree-sitter-terraform.wasm`, language ABI 14) loaded into the one tree-sitter runtime the
 * core already uses for handler code (src/core/code/parsers.ts). Loading is asynchronous, once
 * (`initHclParser`); every parse after it is synchronous. A parse copies the tree into plain objects
 * (hcl-syntax.ts) and frees tree-sitter's, so nothing of a file lives in WebAssembly memory.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser, type TreeCursor } from '@vscode/tree-sitter-wasm';
import type { SyntaxProblem } from '../../parse/ast';
import { initTreeSitterRuntime } from '../../code/parsers';
import { type HclFile, type HNode, readBody } from './hcl-syntax';

/** The grammar file, beside the bundle in `dist/wasm/` (scripts/build.mjs copies it there). */
export const HCL_WASM = 'tree-sitter-terraform.wasm';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Where the grammar is: beside the bundle first, then the package in any node_modules above. */
export function locateHclGrammar(start: string = __dirname): string | undefined {
  const beside = join(start, 'wasm', HCL_WASM);
  if (existsSync(beside)) return beside;
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl', HCL_WASM);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Loads the runtime (if handler code has not) and the Terraform grammar. Await it before parsing;
 * later calls return at once. Rejects when the wasm files cannot be found (a failed load may be retried).
 */
export function initHclParser(options: { wasmDir?: string; grammar?: string } = {}): Promise<void> {
  if (parser) return Promise.resolve();
  loading ??= initTreeSitterRuntime({ wasmDir: options.wasmDir })
    .then(async () => {
      const grammar = options.grammar ?? locateHclGrammar();
      if (!grammar)
        throw new Error(
          `${HCL_WASM} not found (expected dist/wasm/ or @tree-sitter-grammars/tree-sitter-hcl)`,
        );
      const language = await Language.load(grammar);
      const loaded = new Parser();
      loaded.setLanguage(language);
      parser = loaded;
    })
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** True once the grammar is loaded: HCL can be parsed synchronously. */
export function hclParserReady(): boolean {
  return parser !== undefined;
}

/** Unnamed tokens kept on the nodes whose meaning they carry (operators). */
const OPERATOR_PARENTS: ReadonlySet<string> = new Set(['binary_operation', 'unary_operation']);

/**
 * Parses one file's text. Syntax errors become located problems; the tree still covers the whole
 * text (tree-sitter recovers), so the rest of the file is read. Offsets start at `base` (a folder's
 * files share one offset space: configuration.ts). Requires `initHclParser()`.
 */
export function parseHcl(text: string, path: string, base = 0): HclFile {
  if (!parser) throw new Error('the HCL parser is not initialised: await initHclParser() first');
  const tree = parser.parse((index) => text.slice(index, index + 4096));
  if (!tree) throw new Error('tree-sitter returned no tree');
  const problems: SyntaxProblem[] = [];
  const comments: HNode[] = [];
  let root: HNode;
  const cursor = tree.walk();
  try {
    root = convert(cursor, base, problems, comments);
  } finally {
    cursor.delete();
    tree.delete();
  }
  const body = root.children.find((c) => c.type === 'body');
  const slice = (start: number, end: number) => text.slice(start - base, end - base);
  return {
    path,
    text,
    base,
    body: readBody(body, slice, problems),
    problems,
    comments,
    json: root.children[0]?.type === 'object',
  };
}

function convert(cursor: TreeCursor, base: number, problems: SyntaxProblem[], comments: HNode[]): HNode {
  const type = cursor.nodeType;
  const start = base + cursor.startIndex;
  const end = base + cursor.endIndex;
  const children: HNode[] = [];
  let op: string | undefined;
  if (type === 'ERROR') problems.push({ message: 'syntax error', start, end: Math.max(end, start + 1) });
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.nodeIsMissing) {
        const at = base + cursor.startIndex;
        problems.push({ message: `missing ${cursor.nodeType}`, start: at, end: at + 1 });
        continue;
      }
      if (cursor.nodeIsNamed) {
        const child = convert(cursor, base, problems, comments);
        if (child.type === 'comment') comments.push(child);
        else children.push(child);
      } else if (OPERATOR_PARENTS.has(type)) op ??= cursor.nodeType;
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return { type, start, end, children, op, error: type === 'ERROR' || children.some((c) => c.error) };
}
