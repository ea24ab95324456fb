/**
 * Where things are written in a SAM/CloudFormation template, and the edits the template offers there:
 * remove a property, replace a literal value, insert properties into a mapping. Built only when a
 * rule asks (a finding or a fix), so a lint of a clean template makes none.
 */
import { type MapNode, type Node, type Pair, asSeq, deref } from '../../parse/ast';
import { type OffsetEdit, insertPairs, removePair, replaceNode } from '../../fix/edits';
import type { NameKey, Site, Span } from '../../model/types';
import type { TemplateModel } from './types';
import { CLOUDFORMATION } from './names';
import { asString, resolve } from './values';
import { keepShape } from '../../keep-shape';

/** The span a property finding underlines: the key, and the value too when it is a one-line scalar. */
export function pairSpan(pair: Pair): Span {
  const value = deref(pair.value);
  const short = value?.kind === 'scalar' && !value.value.includes('\n');
  return { start: pair.key.start, end: short ? pair.value.end : pair.key.end };
}

/** A node's span, its tag included; never empty. */
export function nodeSpan(node: Node): Span {
  return { start: node.tag ? node.tag.start : node.start, end: Math.max(node.end, node.start + 1) };
}

/** A value as the template's syntax writes it: JSON quotes strings; YAML writes them plain. */
export function render(template: TemplateModel, value: string | number): string {
  return template.doc.syntax === 'json' && typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** No items here. */
const NO_SPANS: readonly Span[] = Object.freeze([]);

/**
 * A property written as a pair of a mapping. `target` is the node a new value replaces (the pair's
 * value, or a node inside it such as `EphemeralStorage.Size`); `literal` says whether it is written
 * as a literal, so that a fix never overwrites a parameter or an intrinsic. Findings underline the
 * pair (`pairSpan`), or the target alone when it is a node inside the value (or `spanTarget`).
 */
export class PropertySite implements Site {
  constructor(
    private readonly template: TemplateModel,
    private readonly container: MapNode,
    private readonly pair: Pair,
    readonly inheritedFrom: string | undefined,
    private readonly target: Node = pair.value,
    private readonly literal = false,
    private readonly spanTarget = target !== pair.value,
  ) {}

  get span(): Span {
    return this.spanTarget ? nodeSpan(this.target) : pairSpan(this.pair);
  }

  remove(): OffsetEdit[] {
    return removePair(this.template.doc, this.container, this.pair);
  }

  setValue(value: string | number): OffsetEdit[] | undefined {
    return this.literal ? [replaceNode(this.target, render(this.template, value))] : undefined;
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(pattern: RegExp): readonly Span[] {
    return listItemsMatching(this.template, this.pair, pattern);
  }
}
keepShape(new PropertySite({} as never, {} as never, {} as never, undefined));

/** The spans of the items of a list written as a pair's value whose text (written, and resolved: a parameter's default names a layer too) matches. */
/**
 * Lists known to hold no item matching a pattern, by their node (an incremental re-parse keeps the
 * nodes of the entries it did not touch, and their text): rules that run in full on every re-lint
 * ask every function's list again, and almost none matches. By pattern (the rules' constants: a few),
 * then by the list's node, the parameters each was read with: nothing is made per list.
 */
const withoutMatch = new Map<RegExp, WeakMap<Node, TemplateModel['parameters']>>();

export function listItemsMatching(template: TemplateModel, pair: Pair, pattern: RegExp): readonly Span[] {
  let lists = withoutMatch.get(pattern);
  if (!lists) withoutMatch.set(pattern, (lists = new WeakMap()));
  // Known for the parameters it was read with (a `!Ref` item resolves through them).
  if (lists.get(pair.value) === template.parameters) return NO_SPANS;
  const items = asSeq(pair.value)?.items;
  if (!items) return NO_SPANS;
  let found: Span[] | undefined;
  for (const item of items) {
    // A scalar without a tag resolves to its own value: its text, then its value when they differ
    // (escapes, quotes), are tested with nothing made.
    const written = template.doc.text.slice(item.start, item.end);
    const matched =
      item.kind === 'scalar' && !item.tag
        ? pattern.test(written) || (written !== item.value && pattern.test(item.value))
        : pattern.test(written + (asString(resolve(item, template.parameters)) ?? ''));
    if (matched) (found ??= []).push(nodeSpan(item));
  }
  if (!found) lists.set(pair.value, template.parameters);
  return found ?? NO_SPANS;
}

/**
 * A resource's declaration: its logical id. Properties are inserted into its `Properties` mapping
 * when it has one as written (a resource without one cannot take an inline insert).
 */
export class ResourceSite implements Site {
  readonly inheritedFrom = undefined;

  constructor(
    private readonly template: TemplateModel,
    private readonly keyNode: Node,
    private readonly properties: MapNode | null,
  ) {}

  get span(): Span {
    return { start: this.keyNode.start, end: this.keyNode.end };
  }

  remove(): undefined {
    return undefined;
  }

  setValue(): undefined {
    return undefined;
  }

  insert(entries: readonly (readonly [NameKey, string | number])[]): OffsetEdit[] | undefined {
    if (!this.properties) return undefined;
    const pairs = entries.map(([key, value]): [string, string] => [
      CLOUDFORMATION.nameOf(key),
      render(this.template, value),
    ]);
    const edits = insertPairs(this.template.doc, this.properties, pairs);
    return edits.length ? edits : undefined;
  }

  itemsMatching(): readonly Span[] {
    return NO_SPANS;
  }
}
keepShape(new ResourceSite({} as never, {} as never, null));
