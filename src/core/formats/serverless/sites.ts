/**
 * Where things are written in serverless.yml and the edits offered there, in the file's own syntax:
 * remove a key, replace a literal value (never a variable: `${self:custom.memory}` is changed where it
 * is defined, not overwritten), insert settings into a function. Comments and formatting outside the
 * edited span are kept (the shared edit helpers of src/core/fix/edits.ts).
 */
import { type MapNode, type Node, type Pair, asSeq, deref, findPair } from '../../parse/ast';
import { type OffsetEdit, insertPairs, removePair, replaceNode } from '../../fix/edits';
import type { NameKey, Site, Span } from '../../model/types';
import type { TemplateDocument } from '../cloudformation/template';
import { nodeSpan, pairSpan } from '../cloudformation/sites';
import { SERVERLESS } from './names';
import type { VariableResolver } from './variables';

/** A value as the file's syntax writes it: JSON quotes strings; YAML writes them plain. */
export function render(doc: TemplateDocument, value: string | number): string {
  return doc.syntax === 'json' && typeof value === 'string' ? JSON.stringify(value) : String(value);
}

const NO_SPANS: readonly Span[] = Object.freeze([]);

/** The spans of a written list's items whose text (as written, and resolved) matches. */
export function itemsMatching(
  doc: TemplateDocument,
  variables: VariableResolver,
  node: Node,
  pattern: RegExp,
): readonly Span[] {
  const items = asSeq(node)?.items;
  if (!items) return NO_SPANS;
  let found: Span[] | undefined;
  for (const item of items) {
    const resolved = variables.value(item);
    const text =
      doc.text.slice(item.start, item.end) + (resolved.kind === 'dynamic' ? '' : String(resolved.value));
    if (pattern.test(text)) (found ??= []).push(nodeSpan(item));
  }
  return found ?? NO_SPANS;
}

/**
 * A key and its value in a mapping. `literal` says whether the value is written here (a variable is
 * never overwritten); `removable` whether removing the key does what a fix means (a function's own
 * `vpc` under a `provider.vpc` is not: the function would take the provider's instead).
 */
export class PairSite implements Site {
  constructor(
    private readonly doc: TemplateDocument,
    private readonly variables: VariableResolver,
    private readonly container: MapNode,
    private readonly pair: Pair,
    readonly inheritedFrom: string | undefined,
    private readonly literal: boolean,
    private readonly removable = true,
  ) {}

  get span(): Span {
    return pairSpan(this.pair);
  }

  remove(): OffsetEdit[] | undefined {
    return this.removable ? removePair(this.doc, this.container, this.pair) : undefined;
  }

  setValue(value: string | number): OffsetEdit[] | undefined {
    const target = deref(this.pair.value);
    if (!this.literal || target?.kind !== 'scalar') return undefined;
    return [replaceNode(this.pair.value, render(this.doc, value))];
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(pattern: RegExp): readonly Span[] {
    return itemsMatching(this.doc, this.variables, this.pair.value, pattern);
  }
}

/** A function's declaration (its key under `functions`): settings are inserted beside its others. */
export class FunctionSite implements Site {
  readonly inheritedFrom = undefined;

  constructor(
    private readonly doc: TemplateDocument,
    private readonly key: Node,
    private readonly body: MapNode | null,
  ) {}

  get span(): Span {
    return { start: this.key.start, end: this.key.end };
  }

  remove(): undefined {
    return undefined;
  }

  setValue(): undefined {
    return undefined;
  }

  insert(entries: readonly (readonly [NameKey, string | number])[]): OffsetEdit[] | undefined {
    if (!this.body) return undefined;
    const pairs = entries.map(([key, value]): [string, string] => [
      SERVERLESS.nameOf(key),
      render(this.doc, value),
    ]);
    const edits = insertPairs(this.doc, this.body, pairs);
    return edits.length ? edits : undefined;
  }

  itemsMatching(): readonly Span[] {
    return NO_SPANS;
  }
}

/**
 * A function URL's auth: `url.authorizer: aws_iam`, or its absence (the framework's NONE). Setting it
 * writes the framework's word (`aws_iam`), in place, beside `url`'s other keys, or in place of `url: true`.
 */
export class UrlAuthSite implements Site {
  readonly inheritedFrom = undefined;

  constructor(
    private readonly doc: TemplateDocument,
    private readonly url: Pair,
  ) {}

  private get authorizer(): Pair | undefined {
    const map = deref(this.url.value);
    return map?.kind === 'map' ? findPair(map, 'authorizer') : undefined;
  }

  get span(): Span {
    const authorizer = this.authorizer;
    return authorizer ? pairSpan(authorizer) : pairSpan(this.url);
  }

  remove(): undefined {
    return undefined;
  }

  setValue(value: string | number): OffsetEdit[] | undefined {
    const word = String(value).toUpperCase() === 'AWS_IAM' ? 'aws_iam' : undefined;
    if (!word) return undefined;
    const rendered = render(this.doc, word);
    const map = deref(this.url.value);
    const authorizer = this.authorizer;
    if (authorizer)
      return deref(authorizer.value)?.kind === 'scalar'
        ? [replaceNode(authorizer.value, rendered)]
        : undefined;
    if (map?.kind === 'map') {
      const edits = insertPairs(this.doc, map, [['authorizer', rendered]]);
      return edits.length ? edits : undefined;
    }
    const key = this.doc.syntax === 'json' ? '"authorizer"' : 'authorizer';
    return [replaceNode(this.url.value, `{ ${key}: ${rendered} }`)];
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(): readonly Span[] {
    return NO_SPANS;
  }
}
