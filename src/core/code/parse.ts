/**
 * Parsing handler code, incrementally after an edit: the previous tree is edited and handed to
 * tree-sitter, which re-parses only around the change, and the conversion reuses every statement
 * whose text did not change. The result is always what a full parse of the new text gives (the tests
 * compare the two on random edits).
 */
import type { Point, Tree } from '@vscode/tree-sitter-wasm';
import { LineIndex } from '../parse/ast';
import { type CodeLanguage, loadedLanguage } from './parsers';
import { type ReuseHints, StatementCache, type SyntaxNode, convertTree } from './syntax';

/** A change between two texts, in UTF-16 offsets: `[start, oldEnd)` of the old text became `[start, newEnd)`. */
export interface CodeEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export interface ParsedCode {
  language: CodeLanguage;
  text: string;
  root: SyntaxNode;
  /** True when the text has syntax errors (the tree still covers all of it, with ERROR nodes). */
  hasErrors: boolean;
  /**
   * The tree-sitter tree, kept for the next incremental parse; null once released. It lives in
   * WebAssembly memory, which JavaScript's garbage collector does not free: see `releaseCode`.
   */
  tree: Tree | null;
  /** The tree, for the next conversion to take what did not change from. */
  cache: StatementCache;
  /** Where each line starts (made from the previous version's after an edit). */
  lines: LineIndex;
  /** The change from the previous version, when this one was parsed incrementally. */
  edit: CodeEdit | undefined;
}

export interface ParseCodeOptions {
  /** Keep the tree-sitter tree for incremental re-parsing (default true; the CLI parses once and passes false). */
  keepTree?: boolean;
}

/**
 * Parses handler code. With `previous` (the same document before the change) the parse is
 * incremental; `previous` is consumed (its tree is edited, then freed) and must not be used again.
 * Without `edit`, the change is found by comparing the two texts. Requires `initCodeParsers()`.
 */
export function parseCode(
  text: string,
  language: CodeLanguage,
  previous?: ParsedCode,
  edit?: CodeEdit,
  options: ParseCodeOptions = {},
): ParsedCode {
  const { parser, fieldNames } = loadedLanguage(language);
  let oldTree: Tree | null = null;
  let cache = new StatementCache();
  let change: CodeEdit | undefined;
  let lines: LineIndex | undefined;
  if (previous && previous.language === language && previous.tree) {
    cache = previous.cache;
    oldTree = previous.tree;
    change = edit ?? diffTexts(previous.text, text);
    lines = previous.lines.edited(text, change.start, change.oldEnd, change.newEnd);
    oldTree.edit(treeEdit(previous.lines, lines, change));
  }
  const tree = parser.parse(reader(text), oldTree);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const hints: ReuseHints | undefined =
    oldTree && change
      ? {
          edit: change,
          changed: oldTree.getChangedRanges(tree).map((r) => ({ start: r.startIndex, end: r.endIndex })),
        }
      : undefined;
  if (previous) releaseCode(previous);
  const root = convertTree(tree, text, fieldNames, cache, hints);
  const keep = options.keepTree ?? true;
  if (!keep) tree.delete();
  return {
    language,
    text,
    root,
    hasErrors: root.hasError,
    tree: keep ? tree : null,
    cache,
    lines: lines ?? new LineIndex(text),
    edit: hints?.edit,
  };
}

/**
 * Tree-sitter's input, a piece at a time. Given the string itself, web-tree-sitter hands it the rest
 * of the text from each offset it asks for: each version's text then outlives its version until the
 * next full collection (as many texts as keystrokes between two minor collections, which copy them
 * all), where pieces of a bounded size do not (it copies at most 5,119 code units per request).
 */
function reader(text: string): (index: number) => string {
  return (index) => text.slice(index, index + 4096);
}

/** Frees a parse's tree-sitter tree (a document closed, or parsed for the last time). */
export function releaseCode(parsed: ParsedCode): void {
  parsed.tree?.delete();
  parsed.tree = null;
}

/** The smallest edit turning `before` into `after`: their common prefix and suffix are kept. */
export function diffTexts(before: string, after: string): CodeEdit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < max - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/** Row and UTF-16 column of an offset (tree-sitter counts columns in code units, as LSP does). */
function pointAt(lines: LineIndex, offset: number): Point {
  const { line, character } = lines.position(offset);
  return { row: line, column: character };
}

function treeEdit(before: LineIndex, after: LineIndex, edit: CodeEdit) {
  return {
    startIndex: edit.start,
    oldEndIndex: edit.oldEnd,
    newEndIndex: edit.newEnd,
    startPosition: pointAt(before, edit.start),
    oldEndPosition: pointAt(before, edit.oldEnd),
    newEndPosition: pointAt(after, edit.newEnd),
  };
}
