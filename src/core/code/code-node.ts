/**
 * A syntax node at its place in one version of a document: offsets, a parent, and children made on
 * first use. Rules and the model read these; `SyntaxNode`s are shared between versions and must never
 * be used as keys for anything positional.
 *
 * Positions are kept relative to the node's statement (its "anchor", itself relative to the statement
 * around it), so that the nodes of a statement that did not change are reused as they are by the next
 * version of the document: the statement is attached to its new parent and its anchor moves (see
 * syntax.ts for when a statement is reused). Nothing is allocated again for it. A model is therefore
 * valid until the next version of the same document is analysed.
 */
import type { SyntaxNode } from './syntax';

const NO_NODES: readonly CodeNode[] = [];

/** Where a statement starts: an offset from the statement around it (the root's holds the text). */
class Anchor {
  constructor(
    public parent: Anchor | null,
    public offset: number,
    public text: string,
  ) {}

  get start(): number {
    let start = this.offset;
    for (let a = this.parent; a; a = a.parent) start += a.offset;
    return start;
  }

  get source(): string {
    let root = this.parent;
    if (!root) return this.text;
    while (root.parent) root = root.parent;
    return root.text;
  }
}

export class CodeNode {
  private kids: readonly CodeNode[] | undefined;
  private named: CodeNode[] | undefined;
  /**
   * What resolve.ts worked out about the node, for the model whose stamp it holds (see `originOf`):
   * the rules ask about the same nodes, and a node of a statement that did not change is the same
   * object in the next version, so the memo is kept with it rather than in a map made per version.
   */
  memo: { stamp: number; origin: unknown } | undefined = undefined;

  private constructor(
    readonly syntax: SyntaxNode,
    /** Offset from the anchor. */
    private readonly relative: number,
    private parentNode: CodeNode | null,
    private readonly anchor: Anchor,
    private fieldLabel: string | null,
  ) {}

  /**
   * The root of a version of a document. Given the previous version's root, its anchor is taken over
   * (and holds the new text), so that the nodes of earlier versions, which old garbage keeps from
   * minor collections until a full one, lead to that one anchor rather than each to its own text:
   * minor collections would otherwise copy every version's text again and again.
   */
  static root(syntax: SyntaxNode, source: string, previous?: CodeNode): CodeNode {
    const anchor = previous?.anchor ?? new Anchor(null, 0, source);
    anchor.text = source;
    return new CodeNode(syntax, 0, null, anchor, null);
  }

  /** A child at `offset` from this node: a statement seen before is moved here, anything else is made. */
  private child(syntax: SyntaxNode, offset: number, fieldName: string | null): CodeNode {
    const slot = syntax.statement;
    if (!slot) return new CodeNode(syntax, this.relative + offset, this, this.anchor, fieldName);
    // The node made for the statement is kept with it, so that the next version reuses it.
    const known = slot.node as CodeNode | undefined;
    if (known) {
      known.parentNode = this;
      known.fieldLabel = fieldName;
      known.anchor.parent = this.anchor;
      known.anchor.offset = this.relative + offset;
      return known;
    }
    const node = new CodeNode(
      syntax,
      0,
      this,
      new Anchor(this.anchor, this.relative + offset, ''),
      fieldName,
    );
    slot.node = node;
    return node;
  }

  get parent(): CodeNode | null {
    return this.parentNode;
  }

  /** The field name this node has in its parent, or null. */
  get fieldName(): string | null {
    return this.fieldLabel;
  }

  /** UTF-16 offset of the first character. */
  get start(): number {
    return this.anchor.start + this.relative;
  }

  /** The source text of the whole document. */
  get source(): string {
    return this.anchor.source;
  }

  get type(): string {
    return this.syntax.type;
  }

  get end(): number {
    return this.start + this.syntax.length;
  }

  get text(): string {
    if (this.syntax.text !== undefined) return this.syntax.text;
    const start = this.start;
    return this.source.slice(start, start + this.syntax.length);
  }

  /** Named children, comments included. */
  get children(): readonly CodeNode[] {
    if (this.kids) return this.kids;
    const s = this.syntax;
    if (s.children.length === 0) return (this.kids = NO_NODES);
    return (this.kids = s.children.map((child, i) => this.child(child, s.offsets[i], s.fields[i])));
  }

  /** Named children other than comments (do not modify the array). */
  get items(): CodeNode[] {
    if (this.named) return this.named;
    const children = this.children;
    let comments = false;
    for (const child of children) if (child.syntax.type === 'comment') comments = true;
    return (this.named = comments
      ? children.filter((c) => c.syntax.type !== 'comment')
      : (children as CodeNode[]));
  }

  /** The first child with a field name. */
  field(name: string): CodeNode | undefined {
    const fields = this.syntax.fields;
    for (let i = 0; i < fields.length; i++) if (fields[i] === name) return this.children[i];
    return undefined;
  }

  /** Every child with a field name. */
  fieldAll(name: string): CodeNode[] {
    const out: CodeNode[] = [];
    const fields = this.syntax.fields;
    for (let i = 0; i < fields.length; i++) if (fields[i] === name) out.push(this.children[i]);
    return out;
  }

  /** The first child of a type. */
  childOfType(type: string): CodeNode | undefined {
    return this.children.find((c) => c.type === type);
  }

  hasToken(token: string): boolean {
    return this.syntax.tokens.includes(token);
  }

  /** The nearest ancestor (not this node) for which `test` holds, stopping (undefined) where `stop` holds. */
  ancestor(test: (node: CodeNode) => boolean, stop?: (node: CodeNode) => boolean): CodeNode | undefined {
    for (let node = this.parent; node; node = node.parent) {
      if (test(node)) return node;
      if (stop?.(node)) return undefined;
    }
    return undefined;
  }

  /** True when `other` lies within this node. */
  contains(other: CodeNode): boolean {
    return this.start <= other.start && other.end <= this.end;
  }

  /** Visits this node and its descendants, depth first; `visit` returning false skips the children. */
  walk(visit: (node: CodeNode) => boolean | void): void {
    if (visit(this) === false) return;
    for (const child of this.children) child.walk(visit);
  }
}

/** Parenthesised expressions and TypeScript's `x as T`, `x satisfies T`, `x!` and `<T>x` are looked through. */
export function unwrap(node: CodeNode | undefined): CodeNode | undefined {
  let current = node;
  while (current && WRAPPERS.has(current.type)) {
    const items = current.items;
    const inner = current.type === 'type_assertion' ? items[items.length - 1] : items[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

const WRAPPERS: ReadonlySet<string> = new Set([
  'parenthesized_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'type_assertion',
]);

/** Like `unwrap`, and through `await` too. */
export function unwrapAwait(node: CodeNode | undefined): CodeNode | undefined {
  let current = unwrap(node);
  while (current && (current.type === 'await_expression' || current.type === 'await'))
    current = unwrap(current.items[0]);
  return current;
}

/** The name an expression ends with: `f` for `f`, `a.f` (JavaScript) and `a.f` (Python); else undefined. */
export function lastName(node: CodeNode | undefined): string | undefined {
  if (node?.type === 'identifier') return node.text;
  if (node?.type === 'member_expression') return node.field('property')?.text;
  if (node?.type === 'attribute') return node.field('attribute')?.text;
  return undefined;
}
