/**
 * The state and node-building shared by the block and flow parts of the YAML parser: the cursor,
 * anchors, problems, limits, node properties (tags, anchors), aliases and mapping keys.
 */
import type { AliasNode, MapNode, Node, Pair, ScalarNode, SyntaxProblem, Tag } from '../ast';
import { emptyScalar, keyText } from '../ast';
import { Ch, Cursor, YamlError, isFlowIndicator, isWsOrEnd } from './cursor';
import { isMergeKey, resolveMergeKeys } from './merge-keys';

export interface YamlLimits {
  /** Deepest nesting of collections accepted. */
  maxDepth: number;
  /** Most alias nodes (`*name`) accepted in one document. */
  maxAliases: number;
  /**
   * Most nodes the aliases of one document may stand for once expanded. A billion-laughs document
   * has few aliases but expands to billions of nodes in anything that copies them (CloudFormation
   * itself, JSON output): past this limit an alias is reported and read as empty.
   */
  maxAliasExpansion: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxDepth: 200,
  maxAliases: 1000,
  maxAliasExpansion: 100_000,
};

/** Most problems reported per file: after that, recovery is more noise than help. */
const MAX_PROBLEMS = 20;

/** What a collection holds until it takes its entries (never written to). */
export const NO_PAIRS: Pair[] = Object.freeze([]) as unknown as Pair[];
export const NO_ITEMS: Node[] = Object.freeze([]) as unknown as Node[];

/** A node's tag and anchor. A class with both fields set up front: one stable shape, never a transition. */
export class Properties {
  tag: Tag | undefined = undefined;
  anchor: string | undefined = undefined;
  /** Offset just past the last property (where an empty node with these properties sits). */
  end = 0;
}

/** Tags already found valid (with no named handle, so valid in any document). */
const VALID_TAGS = new Set<string>();

/** Shared by every node without properties, so the common case allocates nothing (never written to). */
export const NO_PROPERTIES = new Properties();

export abstract class NodeBuilder {
  protected readonly cur: Cursor;
  protected readonly anchors = new Map<string, Node>();
  /** The named tag handles (`!e!`) the document's %TAG directives declare. */
  protected readonly tagHandles = new Set<string>();
  protected readonly problems: SyntaxProblem[] = [];
  protected depth = 0;
  protected aliases = 0;
  /**
   * The entries of the collections being read, innermost last. Each collection takes its own when
   * it ends, in one array of their exact size: grown by `push`, every small mapping of a template
   * would first allocate room for 17 entries and then be copied.
   */
  protected readonly pairStack: Pair[] = [];
  protected readonly itemStack: Node[] = [];
  private expanded = 0;
  /** A merge key (`<<`) was read: mappings resolve them from then on, and nodes may be shared. */
  protected merges = false;
  private readonly sizes = new Map<Node, number>();

  constructor(
    src: string,
    private readonly limits: YamlLimits,
  ) {
    this.cur = new Cursor(src);
  }

  protected report(message: string, start: number, end: number): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ message, start, end });
  }

  protected record(e: unknown): void {
    if (e instanceof YamlError) this.report(e.message, e.start, e.end);
    else if (e instanceof RangeError)
      this.report('the document is nested too deeply to read', this.cur.pos, this.cur.pos + 1);
    else throw e;
  }

  /** True when one more level of nesting is within the limit (what `enter` checks). */
  protected canNest(): boolean {
    return this.depth < this.limits.maxDepth;
  }

  protected enter(): void {
    if (++this.depth > this.limits.maxDepth) {
      this.cur.fail(`nesting deeper than ${this.limits.maxDepth} levels (the limit)`);
    }
  }

  protected empty(at: number): ScalarNode {
    return emptyScalar(at);
  }

  /** Reads `!tag` and `&anchor` properties in any order. */
  protected properties(inFlow: boolean): Properties {
    const cur = this.cur;
    let c = cur.at();
    if (c !== Ch.Bang && c !== Ch.Amp) return NO_PROPERTIES;
    const props = new Properties();
    for (;;) {
      c = cur.at();
      if (c !== Ch.Bang && c !== Ch.Amp) return props;
      const start = cur.pos;
      let p = start + 1;
      const src = cur.src;
      if (c === Ch.Bang && src.charCodeAt(p) === Ch.Lt) {
        p = src.indexOf('>', p);
        if (p === -1) cur.fail('unterminated verbatim tag');
        p++;
      } else {
        while (!isWsOrEnd(src.charCodeAt(p)) && !(inFlow && isFlowIndicator(src.charCodeAt(p)))) p++;
      }
      const text = src.slice(start, p);
      if (c === Ch.Bang) {
        if (props.tag) cur.fail('a node can have only one tag', start, p);
        const wrong = this.tagProblem(text);
        if (wrong) cur.fail(wrong, start, p);
        props.tag = { name: text, start, end: p };
      } else {
        if (text.length === 1) cur.fail('an anchor needs a name', start, p);
        if (props.anchor) cur.fail('a node can have only one anchor', start, p);
        props.anchor = text.slice(1);
      }
      cur.pos = props.end = p;
      const crossed = cur.skipSpace();
      // Properties followed by a line break and a less indented line leave the node empty.
      if (crossed && !inFlow) return props;
    }
  }

  /** What makes a written tag invalid (`!Get!Att`, `!a{b}`), or null. */
  private tagProblem(tag: string): string | null {
    if (tag.startsWith('!<') || VALID_TAGS.has(tag)) return null;
    // `!!x` and `!x` use YAML's two standard handles; `!name!x` a named one a %TAG directive must declare.
    const second = tag.indexOf('!', 1);
    if (second > 1 && !this.tagHandles.has(tag.slice(0, second + 1)))
      return `the tag ${tag} uses the handle ${tag.slice(0, second + 1)}, which no %TAG directive declares (a '!' too many?)`;
    const suffix = tag.slice(second === -1 ? 1 : second + 1);
    const bad = /[^A-Za-z0-9\-#;/?:@&=+$_.~*'()%]/.exec(suffix);
    if (bad) return `a tag cannot hold '${bad[0]}' (${tag})`;
    // A template uses a handful of tags thousands of times: each is checked once per process.
    if (second === -1 && VALID_TAGS.size < 1024) VALID_TAGS.add(tag);
    return null;
  }

  protected finish<T extends Node>(node: T, props: Properties): T {
    if (props === NO_PROPERTIES) return node;
    // `&b *a`: an alias stands for a node that already has its properties.
    if (node.kind === 'alias' && (props.tag || props.anchor !== undefined))
      this.cur.fail('an alias cannot have an anchor or a tag', node.start, node.end);
    if (props.tag) node.tag = props.tag;
    if (props.anchor !== undefined) {
      node.anchor = props.anchor;
      this.anchors.set(props.anchor, node);
    }
    return node;
  }

  protected alias(): AliasNode {
    const cur = this.cur;
    const start = cur.pos;
    let p = start + 1;
    while (!isWsOrEnd(cur.at(p)) && !isFlowIndicator(cur.at(p))) p++;
    const name = cur.src.slice(start + 1, p);
    if (!name) cur.fail('an alias needs a name', start, p);
    if (++this.aliases > this.limits.maxAliases) {
      cur.fail(`more than ${this.limits.maxAliases} aliases (the limit)`, start, p);
    }
    cur.pos = p;
    let target = this.anchors.get(name) ?? null;
    if (!target) this.report(`found undefined alias '${name}'`, start, p);
    else if (this.expanded > this.limits.maxAliasExpansion) {
      target = null; // over the limit already, and reported once
    } else {
      this.expanded += this.expandedSize(target);
      if (this.expanded > this.limits.maxAliasExpansion) {
        this.report(
          `aliases expand to more than ${this.limits.maxAliasExpansion} nodes (the limit): this alias and those after it are read as empty`,
          start,
          p,
        );
        target = null;
      }
    }
    return { kind: 'alias', name, target, start, end: p };
  }

  /** Nodes a subtree stands for with its aliases expanded (memoized: aliases only name earlier nodes). */
  private expandedSize(node: Node): number {
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    let size = 1;
    if (node.kind === 'alias') size = node.target ? this.expandedSize(node.target) : 1;
    else if (node.kind === 'seq') for (const item of node.items) size += this.expandedSize(item);
    else if (node.kind === 'map')
      for (const pair of node.pairs) size += this.expandedSize(pair.key) + this.expandedSize(pair.value);
    this.sizes.set(node, size);
    return size;
  }

  protected moveProperties(props: Properties, node: Node): void {
    if (props === NO_PROPERTIES) return;
    if (props.tag) node.tag = props.tag;
    if (props.anchor !== undefined) {
      node.anchor = props.anchor;
      this.anchors.set(props.anchor, node);
    }
    props.tag = undefined;
    props.anchor = undefined;
  }

  protected spansLines(node: { start: number; end: number }): boolean {
    const nl = this.cur.src.indexOf('\n', node.start);
    return nl !== -1 && nl < node.end;
  }

  /** The key's text when it is a usable key; otherwise reports why and returns null. */
  protected checkKey(key: Node): string | null {
    const text = keyText(key);
    const tag = key.tag?.name;
    if (text === null) {
      this.report('a mapping key must be a scalar', key.start, key.end);
      return null;
    }
    if (tag && tag !== '!' && !tag.startsWith('!!') && !tag.startsWith('!<tag:yaml.org,2002:')) {
      // `!ImportValue x: y` makes the key an intrinsic function: PyYAML and CloudFormation reject it.
      this.report(`a mapping key cannot be an intrinsic function (${tag})`, key.tag!.start, key.end);
      return null;
    }
    return text;
  }

  /** Gives a mapping the entries pushed since `from`, taken off the stack, with merge keys resolved. */
  protected takePairs(map: MapNode, from: number): void {
    map.pairs = this.pairStack.slice(from);
    this.pairStack.length = from;
    if (this.merges) resolveMergeKeys(map, (p) => this.report(p.message, p.start, p.end));
  }

  protected takeItems(from: number): Node[] {
    const items = this.itemStack.slice(from);
    this.itemStack.length = from;
    return items;
  }

  /**
   * Appends a pair of the mapping whose entries start at `from` on the pair stack, reporting a key
   * that is already there.
   */
  protected addPair(
    map: MapNode,
    from: number,
    pair: Pair,
    keys: Map<string, Node> | null,
  ): Map<string, Node> | null {
    const text = this.checkKey(pair.key);
    const pairs = this.pairStack;
    if (text === '<<' && isMergeKey(pair.key)) {
      // Not a key of this mapping (never a duplicate): resolved when the mapping ends.
      this.merges = true;
      pairs.push(pair);
      return keys;
    }
    if (text !== null) {
      // Template maps are mostly small: scan them, and index only the big ones (like Resources).
      let first: Node | undefined;
      if (keys) first = keys.get(text);
      else
        for (let i = from; i < pairs.length && !first; i++)
          if (keyText(pairs[i].key) === text && !isMergeKey(pairs[i].key)) first = pairs[i].key;
      if (first) {
        const line = this.cur.src.slice(0, first.start).split('\n').length;
        this.report(`duplicate key '${text}' (first defined on line ${line})`, pair.key.start, pair.key.end);
      }
      if (!keys && pairs.length - from >= 16) {
        keys = new Map();
        for (let i = from; i < pairs.length; i++) {
          const k = keyText(pairs[i].key);
          if (k !== null && !keys.has(k) && !isMergeKey(pairs[i].key)) keys.set(k, pairs[i].key);
        }
      }
      if (keys && !keys.has(text)) keys.set(text, pair.key);
    }
    pairs.push(pair);
    map.end = Math.max(map.end, pair.value.end, pair.key.end);
    return keys;
  }
}
