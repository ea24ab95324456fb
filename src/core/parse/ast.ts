/**
 * The positioned syntax tree shared by the YAML and JSON parsers. Nodes keep UTF-16 offsets into the
 * source text; `LineIndex` turns them into the 0-based line/character positions LSP and the CLI use.
 */

import { keepShape } from '../keep-shape';

/** A 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open source range. */
export interface Range {
  start: Position;
  end: Position;
}

/** A tag such as `!Ref` or `!!str`, with where it was written. */
export interface Tag {
  name: string;
  start: number;
  end: number;
}

interface NodeBase {
  /** Offset of the first character of the node's content (after any tag or anchor). */
  start: number;
  /** Offset just past the node's last character. */
  end: number;
  tag?: Tag;
  anchor?: string;
}

/** How a scalar was written; `plain` scalars are resolved YAML 1.1 style, `json` ones as JSON. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'json';

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  /** The scalar's text after unescaping and folding (for `json`, the raw literal). */
  value: string;
  style: ScalarStyle;
}

export interface Pair {
  key: Node;
  value: Node;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  pairs: Pair[];
  flow: boolean;
  /**
   * What the model derived from this mapping (the record of a `Resources` entry it is the body
   * of), kept with the node so that a re-lint after an edit elsewhere finds it again. Set by every
   * parser (to undefined) so that all mappings share one shape.
   */
  memo: unknown;
  /**
   * The pairs as written, when the mapping has YAML merge keys (`<<: *base`): `pairs` then holds
   * what it means (the merged pairs, positioned in the anchored mapping, then its own), and edits go
   * by these. Set only on such mappings.
   */
  written?: Pair[];
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: Node[];
  flow: boolean;
}

export interface AliasNode extends NodeBase {
  kind: 'alias';
  name: string;
  /** The anchored node, or null when the anchor was never defined (reported as a parse error). */
  target: Node | null;
}

export type Node = ScalarNode | MapNode | SeqNode | AliasNode;

/** A problem found while reading the text, with offsets. */
export interface SyntaxProblem {
  message: string;
  start: number;
  end: number;
}

/** Offset of the start of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  // A lone CR breaks a line too (the parser and the line index read it as one).
  for (let i = offset - 1; i > nl; i--) if (text.charCodeAt(i) === 13) return i + 1;
  return nl + 1;
}

/** An empty plain scalar at an offset: what YAML reads for a key with no value (`Key:`). */
export function emptyScalar(at = 0): ScalarNode {
  return { kind: 'scalar', value: '', style: 'plain', start: at, end: at };
}

/** Follows aliases to the node they name (bounded, since an alias can only name an earlier node). */
export function deref(node: Node | null | undefined): Node | null {
  let current = node ?? null;
  for (let hops = 0; current && current.kind === 'alias' && hops < 64; hops++) current = current.target;
  return current && current.kind === 'alias' ? null : current;
}

/** The string a key is compared by: a scalar's value, otherwise null (complex keys never match). */
export function keyText(node: Node): string | null {
  const target = deref(node);
  return target && target.kind === 'scalar' ? target.value : null;
}

/** The last pair whose key is `key` (last wins, as in PyYAML and CloudFormation). */
export function findPair(map: MapNode, key: string): Pair | undefined {
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    if (keyText(map.pairs[i].key) === key) return map.pairs[i];
  }
  return undefined;
}

/** The value under `key` in `node` when `node` is a mapping. */
export function get(node: Node | null | undefined, key: string): Node | undefined {
  const target = deref(node);
  if (!target || target.kind !== 'map') return undefined;
  return findPair(target, key)?.value;
}

/** The node as a mapping, or null. */
export function asMap(node: Node | null | undefined): MapNode | null {
  const target = deref(node);
  return target && target.kind === 'map' ? target : null;
}

/** The node as a sequence, or null. */
export function asSeq(node: Node | null | undefined): SeqNode | null {
  const target = deref(node);
  return target && target.kind === 'seq' ? target : null;
}

/** The offset of every line start of `text`. */
function lineStarts(text: string): Uint32Array {
  if (text.includes('\r')) return lineStartsWithCr(text);
  // Sized from a guess (one line per 16 characters: templates have longer lines), doubled when short.
  let starts = new Uint32Array(Math.max(16, text.length >> 4));
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (count === starts.length) {
      const bigger = new Uint32Array(starts.length * 2);
      bigger.set(starts);
      starts = bigger;
    }
    starts[count++] = i + 1;
  }
  return starts.slice(0, count);
}

/**
 * Line starts where a lone CR breaks a line too, as LSP and editors count lines (`\n`, `\r\n`, `\r`),
 * and as the parsers read it: a position means the same line to the core, the fixes and the editor.
 */
function lineStartsWithCr(text: string): Uint32Array {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return Uint32Array.from(starts);
}

/** Maps offsets to positions. Built once per text; lookups are a binary search. */
export class LineIndex {
  /** The offset each line starts at (a typed array: one block, nothing for the GC to trace). */
  private readonly starts: Uint32Array;
  /** The line of the last binary search (see position). */
  private lastLine = 0;

  constructor(
    readonly text: string,
    starts?: Uint32Array,
  ) {
    this.starts = starts ?? lineStarts(text);
  }

  /**
   * The index of `text`, made from this one (the index of the text before an edit): the text before
   * `from` is unchanged, `[from, oldTo)` became `[from, newTo)` and the rest moved by `newTo - oldTo`.
   */
  edited(text: string, from: number, oldTo: number, newTo: number): LineIndex {
    // A CR in or beside the edit (before or after it) may be a line break of its own, or join or part
    // a CRLF: count the lines again. Elsewhere, CRs were counted already and move with the text.
    const at = Math.max(0, from - 1);
    if (text.slice(at, newTo + 1).includes('\r') || this.text.slice(at, oldTo + 1).includes('\r'))
      return new LineIndex(text);
    const old = this.starts;
    const delta = newTo - oldTo;
    // Line starts up to `from` (a start at `from + 1` follows a break at `from`, which may have changed).
    const first = this.position(from).line + 1;
    const added: number[] = [];
    for (let i = text.indexOf('\n', from); i !== -1 && i < newTo; i = text.indexOf('\n', i + 1))
      added.push(i + 1);
    // Old starts after a break at or after `oldTo` are the same breaks, moved.
    let rest = first;
    while (rest < old.length && old[rest] <= oldTo) rest++;
    let starts: Uint32Array;
    if (rest - first === added.length) {
      // As many line breaks as before (typing within a line): copy, then patch.
      starts = old.slice();
      for (let i = 0; i < added.length; i++) starts[first + i] = added[i];
    } else {
      starts = new Uint32Array(first + added.length + old.length - rest);
      starts.set(old.subarray(0, first));
      starts.set(added, first);
      starts.set(old.subarray(rest), first + added.length);
    }
    if (delta !== 0) for (let i = first + added.length; i < starts.length; i++) starts[i] += delta;
    return new LineIndex(text, starts);
  }

  /** The offset each line starts at (for an index of another text with the same line breaks). */
  lineStarts(): Uint32Array {
    return this.starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of an offset. */
  position(offset: number): Position {
    const starts = this.starts;
    // Look-ups come in runs on nearby lines (a finding's two ends, findings in text order): the line
    // of the last look-up and the one after it are tried before a binary search.
    const near = this.lastLine;
    if (near < starts.length && starts[near] <= offset) {
      if (near + 1 === starts.length || offset < starts[near + 1])
        return { line: near, character: offset - starts[near] };
      if (near + 2 === starts.length || offset < starts[near + 2]) {
        this.lastLine = near + 1;
        return { line: near + 1, character: offset - starts[near + 1] };
      }
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return { line: lo, character: offset - starts[lo] };
  }

  /** The range between two offsets. */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The offset of a position (clamped to the text). */
  offset(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[Math.max(0, position.line)];
    const nextStart =
      position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.min(lineStart + position.character, nextStart);
  }

  /** Offset of the start of the line holding `offset`. */
  lineStartOf(offset: number): number {
    return this.starts[this.position(offset).line];
  }
}
keepShape(new LineIndex(''));
