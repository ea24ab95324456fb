/**
 * A YAML parser built for templates: it keeps the offset of every node, accepts what PyYAML accepts
 * (the loader behind CloudFormation, the SAM CLI and cfn-lint), reports duplicate keys, and recovers
 * after an error so that the rest of the template is still analysed. Limits on nesting depth and
 * alias count turn hostile input into a clear error instead of a hang. This module holds the block
 * structure; flow collections and node building live beside it.
 */
import type { MapNode, Node, Pair, SeqNode, SyntaxProblem } from '../ast';
import { Ch, isEol, isWsOrEnd } from './cursor';
import { BlockLines } from './block-lines';
import {
  DEFAULT_YAML_LIMITS,
  NO_ITEMS,
  NO_PAIRS,
  NO_PROPERTIES,
  type Properties,
  type YamlLimits,
} from './node-builder';
import { readBlockScalar, readDoubleQuoted, readPlain, readSingleQuoted } from './scalars';
import { readSimpleKey, readSimpleValue } from './simple-line';

export { DEFAULT_YAML_LIMITS, type YamlLimits } from './node-builder';

export interface YamlResult {
  root: Node | null;
  problems: SyntaxProblem[];
  /** True when the document defines anchors, uses aliases or merge keys (nodes may be shared). */
  aliased: boolean;
}

/**
 * Where a block node sits: the document, a key's value, a sequence entry, or either side of an
 * explicit entry (`? key` / `: value`), which may hold compact collections and a sequence at the
 * indentation of the `?`.
 */
type Context = 'top' | 'value' | 'item' | 'explicit';

class YamlParser extends BlockLines {
  /** The document's content starts on its `---` line, where no block collection may start. */
  private onMarkerLine = false;

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
    if (this.firstTab !== -1) {
      const tab = this.firstTab;
      this.report('a tab character in indentation: YAML indents with spaces only', tab, tab + 1);
      // Problems in text order (the tab was found after what it stands in front of).
      this.problems.sort((a, b) => a.start - b.start);
    }
    return {
      root,
      problems: this.problems,
      aliased: this.anchors.size > 0 || this.aliases > 0 || this.merges,
    };
  }

  protected skipDirectives(): void {
    const cur = this.cur;
    for (;;) {
      cur.skipSpace();
      if (cur.at() === Ch.Percent && cur.col() === 0) {
        const start = cur.pos;
        while (!isEol(cur.at()) && !cur.eof) cur.pos++;
        const handle = /^%TAG[ \t]+(!\S*!)[ \t]/.exec(cur.src.slice(start, cur.pos));
        if (handle) this.tagHandles.add(handle[1]);
        continue;
      }
      if (cur.atDocumentMarker() && cur.at() === Ch.Dash) {
        cur.pos += 3;
        cur.skipBlanks();
        this.onMarkerLine = !isEol(cur.at()) && cur.at() !== Ch.Hash;
      }
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
    let crossed = cur.skipSpace() || (context === 'top' && !this.onMarkerLine);
    if (cur.eof || (crossed && this.belowIndent(parentIndent, context)) || cur.atDocumentMarker()) {
      cur.pos = from;
      return this.empty(from);
    }
    const tab = crossed ? cur.tabInIndent : -1;
    const propsStart = cur.pos;
    const props = this.properties(false);
    let propsOnOwnLine = false;
    if (props !== NO_PROPERTIES) {
      propsOnOwnLine = this.cur.src.slice(propsStart, cur.pos).includes('\n');
      crossed ||= propsOnOwnLine;
      if (cur.eof || (crossed && this.belowIndent(parentIndent, context)) || cur.atDocumentMarker()) {
        // The node is empty: it ends where its properties do (`a: &x` anchors an empty value).
        cur.pos = props.end;
        return this.finish(this.empty(props.end), props);
      }
    }
    let entryStart = propsOnOwnLine ? cur.pos : propsStart;
    let contentProps = props;
    if (propsOnOwnLine && (cur.at() === Ch.Bang || cur.at() === Ch.Amp)) {
      // More properties on the next line: the node's too when a line break follows them (`&a` then
      // `!!map`), else the first key's (`&map` then `&key key: value`).
      const more = this.properties(false);
      if (!this.cur.src.slice(entryStart, cur.pos).includes('\n')) contentProps = more;
      else {
        if ((more.tag && props.tag) || (more.anchor !== undefined && props.anchor !== undefined))
          cur.fail('a node can have only one tag and one anchor', entryStart, more.end);
        props.tag ??= more.tag;
        props.anchor ??= more.anchor;
        props.end = more.end;
        if (cur.eof || this.belowIndent(parentIndent, context) || cur.atDocumentMarker()) {
          cur.pos = props.end;
          return this.finish(this.empty(props.end), props);
        }
        entryStart = cur.pos;
      }
    }
    this.enter();
    try {
      const node = this.blockContent(parentIndent, context, crossed, contentProps, entryStart);
      if (tab !== -1 || !crossed) this.checkTabs(node, tab, from, propsStart, parentIndent);
      if (contentProps !== props && (contentProps.tag || contentProps.anchor !== undefined)) {
        // Not a mapping's first key's (`&a` then `&b value`): two sets of properties on one node.
        cur.fail('a node can have only one tag and one anchor', entryStart, contentProps.end);
      }
      return this.finish(node, props);
    } finally {
      this.depth--;
    }
  }

  /** True when the next token is too shallow to belong to the node being read. */
  protected belowIndent(parentIndent: number, context: Context): boolean {
    const col = this.cur.col();
    if (col > parentIndent) return false;
    // A block sequence may sit at the same indentation as its parent mapping's key.
    return !(
      (context === 'value' || context === 'explicit') &&
      col === parentIndent &&
      this.atSequenceEntry()
    );
  }

  protected blockContent(
    parentIndent: number,
    context: Context,
    onNewLine: boolean,
    props: Properties,
    entryStart: number,
  ): Node {
    const cur = this.cur;
    const c = cur.at();
    const col = cur.col();
    // Properties on the line of a mapping's first key are the key's, and the mapping starts with them.
    const propsOnKeyLine = entryStart !== cur.pos;
    const entryCol = propsOnKeyLine ? cur.col(entryStart) : col;
    const compactAllowed = onNewLine || context === 'item' || context === 'explicit';
    if (this.atSequenceEntry()) {
      if (!compactAllowed) cur.fail('block sequence entries are not allowed here');
      if (propsOnKeyLine) cur.fail('a block sequence cannot start on the line of its anchor or tag');
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
      if (propsOnKeyLine) this.moveProperties(props, simpleKey);
      return this.blockMapping(entryCol, simpleKey);
    }
    // Properties alone before `: ` are an empty key's (`&a : value`).
    const node =
      propsOnKeyLine && c === Ch.Colon && isWsOrEnd(cur.at(cur.pos + 1))
        ? this.empty(cur.pos)
        : this.inlineNode(parentIndent);
    // A scalar, alias or flow collection followed by `:` on the same line is the first key of a mapping.
    const afterNode = cur.pos;
    cur.skipBlanks();
    if (cur.at() === Ch.Colon && isWsOrEnd(cur.at(cur.pos + 1))) {
      if (!compactAllowed) cur.fail('mapping values are not allowed here');
      if (this.spansLines(node)) cur.fail('a multi-line key is not allowed here', node.start, node.end);
      // Properties written on the key's line belong to the key, not to the mapping.
      if (propsOnKeyLine) this.moveProperties(props, node);
      return this.blockMapping(entryCol, node);
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
      this.takePairs(map, from);
    }
  }

  protected blockPair(indent: number, readKey: Node | null): Pair {
    const cur = this.cur;
    let key = readKey;
    let explicit = false;
    if (!key) {
      if (cur.at() === Ch.Question && isWsOrEnd(cur.at(cur.pos + 1))) {
        explicit = true;
        cur.pos++;
        key = this.blockNode(indent, 'explicit');
        cur.skipSpace();
        if (cur.col() !== indent || cur.at() !== Ch.Colon) return { key, value: this.empty(key.end) };
      } else if (!(key = readSimpleKey(cur))) {
        const propsStart = cur.pos;
        const props = this.properties(true);
        if (props !== NO_PROPERTIES && cur.src.slice(propsStart, cur.pos).includes('\n'))
          cur.fail("a mapping key's anchor or tag must be on the key's line", propsStart, props.end);
        key = this.finish(this.inlineNode(indent), props);
        if (this.spansLines(key)) cur.fail('a multi-line key is not allowed here', key.start, key.end);
        cur.skipBlanks();
      }
    }
    if (cur.at() !== Ch.Colon || !isWsOrEnd(cur.at(cur.pos + 1))) {
      cur.fail(`expected ':' after the mapping key`, key.start, Math.max(key.end, key.start + 1));
    }
    cur.pos++;
    const value =
      (this.canNest() && readSimpleValue(cur, indent)) ||
      this.blockNode(indent, explicit ? 'explicit' : 'value');
    try {
      this.expectLineEnd();
    } catch (e) {
      throw this.runOnQuote(value, e);
    }
    return { key, value };
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
