/**
 * A YAML parser built for templates: it keeps the offset of every node, accepts what PyYAML accepts
 * (the loader behind CloudFormation, the SAM CLI and cfn-lint), reports duplicate keys, and recovers
 * after an error so that the rest of the template is still analysed. Limits on nesting depth and
 * alias count turn hostile input into a clear error instead of a hang. This module holds the block
 * structure; flow collections and node building live beside it.
 */
import type { MapNode, Node, Pair, SeqNode, SyntaxProblem } from '../ast';
import { Ch, UnclosedFlowError, isEol, isWsOrEnd } from './cursor';
import { FlowParser } from './flow';
import { DEFAULT_YAML_LIMITS, NO_ITEMS, NO_PAIRS, type Properties, type YamlLimits } from './node-builder';
import { readBlockScalar, readDoubleQuoted, readPlain, readSingleQuoted } from './scalars';
import { readSimpleKey, readSimpleValue } from './simple-line';

export { DEFAULT_YAML_LIMITS, type YamlLimits } from './node-builder';

export interface YamlResult {
  root: Node | null;
  problems: SyntaxProblem[];
  /** True when the document defines anchors or uses aliases (nodes may be shared). */
  aliased: boolean;
}

type Context = 'top' | 'value' | 'item';

class YamlParser extends FlowParser {
  parse(): YamlResult {
    const cur = this.cur;
    let root: Node | null = null;
    try {
      this.skipDirectives();
      root = this.blockNode(-1, 'top');
      cur.skipSpace();
      if (cur.atDocumentMarker() && cur.at() === Ch.Dot) {
        cur.pos += 3;
        cur.skipSpace();
      }
      if (!cur.eof) {
        if (cur.atDocumentMarker() && cur.at() === Ch.Dash) {
          this.report('expected a single document, but found another document', cur.pos, cur.pos + 3);
        } else {
          this.report(`unexpected content at the end of the document`, cur.pos, cur.pos + 1);
        }
      }
    } catch (e) {
      this.record(e);
    }
    return { root, problems: this.problems, aliased: this.anchors.size > 0 || this.aliases > 0 };
  }

  protected skipDirectives(): void {
    const cur = this.cur;
    for (;;) {
      cur.skipSpace();
      if (cur.at() === Ch.Percent && cur.col() === 0) {
        while (!isEol(cur.at()) && !cur.eof) cur.pos++;
        continue;
      }
      if (cur.atDocumentMarker() && cur.at() === Ch.Dash) cur.pos += 3;
      return;
    }
  }

  /**
   * Reads the node that follows an indicator (`:` of a key, `-` of an item) or starts the document.
   * `parentIndent` is the indentation of the collection that holds it.
   */
  protected blockNode(parentIndent: number, context: Context): Node {
    const cur = this.cur;
    const from = cur.pos;
    let crossed = cur.skipSpace() || context === 'top';
    if (cur.eof || (crossed && this.belowIndent(parentIndent, context)) || cur.atDocumentMarker()) {
      cur.pos = from;
      return this.empty(from);
    }
    const propsStart = cur.pos;
    const props = this.properties(false);
    let propsOnOwnLine = false;
    if (props.tag || props.anchor !== undefined) {
      propsOnOwnLine = this.cur.src.slice(propsStart, cur.pos).includes('\n');
      crossed ||= propsOnOwnLine;
      if (cur.eof || (crossed && this.belowIndent(parentIndent, context)) || cur.atDocumentMarker()) {
        const at = props.tag?.end ?? propsStart;
        cur.pos = at;
        return this.finish(this.empty(at), props);
      }
    }
    this.enter();
    try {
      return this.finish(this.blockContent(parentIndent, context, crossed, props, propsOnOwnLine), props);
    } finally {
      this.depth--;
    }
  }

  /** True when the next token is too shallow to belong to the node being read. */
  protected belowIndent(parentIndent: number, context: Context): boolean {
    const col = this.cur.col();
    if (col > parentIndent) return false;
    // A block sequence may sit at the same indentation as its parent mapping's key.
    return !(context === 'value' && col === parentIndent && this.atSequenceEntry());
  }

  protected atSequenceEntry(): boolean {
    return this.cur.at() === Ch.Dash && isWsOrEnd(this.cur.at(this.cur.pos + 1));
  }

  protected blockContent(
    parentIndent: number,
    context: Context,
    onNewLine: boolean,
    props: Properties,
    propsOnOwnLine: boolean,
  ): Node {
    const cur = this.cur;
    const c = cur.at();
    const col = cur.col();
    const compactAllowed = onNewLine || context !== 'value';
    if (this.atSequenceEntry()) {
      if (!compactAllowed) cur.fail('block sequence entries are not allowed here');
      return this.blockSequence(col);
    }
    if (c === Ch.Question && isWsOrEnd(cur.at(cur.pos + 1))) {
      if (!compactAllowed) cur.fail('mapping keys are not allowed here');
      return this.blockMapping(col, null);
    }
    if (c === Ch.Pipe || c === Ch.Gt) return readBlockScalar(cur, parentIndent);
    const simpleKey = readSimpleKey(cur);
    if (simpleKey) {
      if (!compactAllowed) cur.fail('mapping values are not allowed here');
      if (!propsOnOwnLine) this.moveProperties(props, simpleKey);
      return this.blockMapping(col, simpleKey);
    }
    const node = this.inlineNode(parentIndent);
    // A scalar, alias or flow collection followed by `:` on the same line is the first key of a mapping.
    const afterNode = cur.pos;
    cur.skipBlanks();
    if (cur.at() === Ch.Colon && isWsOrEnd(cur.at(cur.pos + 1))) {
      if (!compactAllowed) cur.fail('mapping values are not allowed here');
      if (this.spansLines(node)) cur.fail('a multi-line key is not allowed here', node.start, node.end);
      // Properties written on the key's line belong to the key, not to the mapping.
      if (!propsOnOwnLine) this.moveProperties(props, node);
      return this.blockMapping(col, node);
    }
    cur.pos = afterNode;
    return node;
  }

  /** A scalar, alias or flow collection: anything that can sit on one line. */
  protected inlineNode(parentIndent: number): Node {
    const cur = this.cur;
    switch (cur.at()) {
      case Ch.LBracket:
      case Ch.LBrace:
        return this.flowCollection();
      case Ch.SQuote:
        return readSingleQuoted(cur);
      case Ch.DQuote:
        return readDoubleQuoted(cur);
      case Ch.Star:
        return this.alias();
      default:
        return readPlain(cur, parentIndent, false);
    }
  }

  protected blockSequence(indent: number): SeqNode {
    const cur = this.cur;
    const seq: SeqNode = { kind: 'seq', items: NO_ITEMS, flow: false, start: cur.pos, end: cur.pos };
    const from = this.itemStack.length;
    try {
      for (;;) {
        try {
          cur.pos++; // the `-`
          const item = (this.canNest() && readSimpleValue(cur, indent)) || this.blockNode(indent, 'item');
          this.itemStack.push(item);
          seq.end = Math.max(seq.end, item.end, item.start === item.end ? item.start : 0);
        } catch (e) {
          this.recover(e, indent);
        }
        if (!this.nextEntry(indent, true)) return seq;
      }
    } finally {
      seq.items = this.takeItems(from);
    }
  }

  protected blockMapping(indent: number, firstKey: Node | null): MapNode {
    const cur = this.cur;
    const map: MapNode = {
      kind: 'map',
      pairs: NO_PAIRS,
      flow: false,
      start: firstKey ? firstKey.start : cur.pos,
      end: cur.pos,
      memo: undefined,
    };
    const from = this.pairStack.length;
    let key = firstKey;
    let keys: Map<string, Node> | null = null;
    try {
      for (;;) {
        try {
          const pair = this.blockPair(indent, key);
          keys = this.addPair(map, from, pair, keys);
        } catch (e) {
          this.recover(e, indent);
        }
        key = null;
        if (!this.nextEntry(indent, false)) return map;
      }
    } finally {
      map.pairs = this.takePairs(from);
    }
  }

  protected blockPair(indent: number, readKey: Node | null): Pair {
    const cur = this.cur;
    let key = readKey;
    if (!key) {
      if (cur.at() === Ch.Question && isWsOrEnd(cur.at(cur.pos + 1))) {
        cur.pos++;
        key = this.blockNode(indent, 'item');
        cur.skipSpace();
        if (cur.col() !== indent || cur.at() !== Ch.Colon) return { key, value: this.empty(key.end) };
      } else if (!(key = readSimpleKey(cur))) {
        const props = this.properties(true);
        key = this.finish(this.inlineNode(indent), props);
        if (this.spansLines(key)) cur.fail('a multi-line key is not allowed here', key.start, key.end);
        cur.skipBlanks();
      }
    }
    if (cur.at() !== Ch.Colon || !isWsOrEnd(cur.at(cur.pos + 1))) {
      cur.fail(`expected ':' after the mapping key`, key.start, Math.max(key.end, key.start + 1));
    }
    cur.pos++;
    const value = (this.canNest() && readSimpleValue(cur, indent)) || this.blockNode(indent, 'value');
    this.expectLineEnd();
    return { key, value };
  }

  /** After a complete entry only a comment may follow on the same line. */
  protected expectLineEnd(): void {
    const cur = this.cur;
    const save = cur.pos;
    cur.skipBlanks();
    const c = cur.at();
    if (c === Ch.Hash && cur.pos > save) {
      cur.pos = save;
      return;
    }
    if (!isEol(c)) {
      if (c === Ch.Colon) cur.fail('mapping values are not allowed here');
      cur.fail(`unexpected '${cur.src[cur.pos]}' after a value`);
    }
    cur.pos = save;
  }

  /**
   * Moves to the next entry of a block collection at `indent`; false when the collection ended.
   * Lines indented deeper than the entries are reported and skipped, so one stray line costs one
   * error, not the rest of the collection.
   */
  protected nextEntry(indent: number, sequence: boolean): boolean {
    const cur = this.cur;
    for (;;) {
      const save = cur.pos;
      cur.skipSpace();
      const col = cur.col();
      // An entry of a sequence starts with `- `; one of a mapping with anything else.
      if (
        cur.eof ||
        cur.atDocumentMarker() ||
        col < indent ||
        (col === indent && this.atSequenceEntry() !== sequence)
      ) {
        if (col === indent && !cur.eof && !cur.atDocumentMarker() && this.atSequenceEntry()) {
          this.report('expected a mapping key, found a sequence entry', cur.pos, cur.pos + 1);
          this.skipDeeperLines(indent);
          continue;
        }
        cur.pos = save;
        return false;
      }
      if (col === indent) return true;
      const lineStart = cur.lineStart(cur.pos);
      const tab = cur.src.slice(lineStart, cur.pos).indexOf('\t');
      if (tab !== -1) {
        this.report(
          'a tab character in indentation: YAML indents with spaces only',
          lineStart + tab,
          lineStart + tab + 1,
        );
      } else {
        this.report(
          'bad indentation: this line is indented deeper than the entries before it',
          cur.pos,
          cur.pos + 1,
        );
      }
      this.skipDeeperLines(indent);
    }
  }

  /** Records a problem and skips to the next entry at `indent` or shallower. */
  protected recover(e: unknown, indent: number): void {
    this.record(e);
    if (e instanceof UnclosedFlowError) this.cur.pos = e.start;
    this.skipDeeperLines(indent);
  }

  /** Error recovery: skips the rest of a broken entry (its line and any deeper lines). */
  protected skipDeeperLines(indent: number): void {
    const cur = this.cur;
    const src = cur.src;
    let nl = src.indexOf('\n', cur.pos);
    while (nl !== -1) {
      let p = nl + 1;
      while (src.charCodeAt(p) === Ch.Space) p++;
      const c = src.charCodeAt(p);
      const blankOrComment = isEol(c) || c === Ch.Hash;
      if (!blankOrComment && p - (nl + 1) <= indent) {
        cur.pos = nl;
        return;
      }
      nl = src.indexOf('\n', nl + 1);
    }
    cur.pos = src.length;
  }
}

/**
 * One parser kept alive for the life of the process. When the last YamlParser and Cursor die, V8
 * collects their hidden classes and deoptimizes every function compiled against them ("weak
 * objects"), so each parse would start cold again: measured as 15 ms warm against 115 ms cold on
 * an 840 KB template. Holding one instance keeps the classes, and the optimized code, alive.
 */
const keepShapesAlive = new YamlParser(
  // Every kind of node with and without tags and anchors: the result is kept too, so the hidden
  // classes of tagged and anchored nodes (and of their properties) also stay alive.
  [
    'a: &x !Tag plain',
    'b: !Ref "double"',
    "c: &y 'single'",
    'd: [!Sub x, *x, {k: !If [a, b]}]',
    'e: !GetAtt',
    '  - x',
    '  - &z y',
    'f: !Sub |',
    '  text',
    'g: &m',
    '  h: !Base64 {i: *y}',
    'j: *m',
  ].join('\n'),
  DEFAULT_YAML_LIMITS,
);
const shapeWarmup = keepShapesAlive.parse();

/** Parses one YAML document into a positioned tree, recovering after errors. */
export function parseYaml(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlResult {
  // Referenced here so that both stay in this function's closure (unreferenced module constants are
  // not kept alive by V8 once the module has run).
  if (shapeWarmup.root === null) throw new Error(`${keepShapesAlive} did not warm up`);
  return new YamlParser(text, limits).parse();
}
