/**
 * A service's literal strings as written, part by part (`provider`, each function, then `resources`
 * as the CloudFormation adapter gives them), for rules that read what is written: a region inside an
 * ARN. Outside `resources` a region is replaced by the framework's `${aws:region}`.
 */
import { type Node, type ScalarNode, asMap, get, keyText } from '../../parse/ast';
import type { OffsetEdit } from '../../fix/edits';
import type { Span, WrittenPart, WrittenString } from '../../model/types';
import type { TemplateDocument } from '../cloudformation/template';
import { writtenParts } from '../cloudformation/written';
import type { ServiceModel } from './service';

class ServiceString implements WrittenString {
  constructor(
    private readonly doc: TemplateDocument,
    private readonly node: ScalarNode,
    readonly key: string | null,
  ) {}

  get value(): string {
    return this.node.value;
  }

  get span(): Span {
    return { start: this.node.start, end: this.node.end };
  }

  get raw(): string {
    return this.doc.text.slice(this.node.start, this.node.end);
  }

  get multiline(): boolean {
    const node = this.node;
    return node.style === 'literal' || node.style === 'folded' || node.value.includes('\n');
  }

  /** The region becomes `${aws:region}`, which the framework resolves to the region deployed to. */
  useDeployRegion(region: string): OffsetEdit[] | undefined {
    if (this.multiline) return undefined;
    const replaced = this.node.value.split(`:${region}:`).join(':${aws:region}:');
    const newText =
      this.doc.syntax === 'json' ? JSON.stringify(replaced) : `'${replaced.replace(/'/g, "''")}'`;
    return [{ start: this.node.start, end: this.node.end, newText }];
  }
}

function visit(
  doc: TemplateDocument,
  node: Node,
  key: string | null,
  depth: number,
  out: (s: WrittenString) => void,
): void {
  // Aliases are not followed: each string is visited where it is written.
  if (depth > 100 || node.kind === 'alias') return;
  if (node.kind === 'scalar') {
    if (!node.tag) out(new ServiceString(doc, node, key));
    return;
  }
  if (node.kind === 'seq') {
    for (const item of node.items) visit(doc, item, null, depth + 1, out);
    return;
  }
  for (const pair of node.pairs) visit(doc, pair.value, keyText(pair.key), depth + 1, out);
}

class ServicePart implements WrittenPart {
  constructor(
    private readonly doc: TemplateDocument,
    readonly anchor: Node,
    private readonly key: string | null,
    readonly start: number,
    readonly functionId?: string,
  ) {}

  get end(): number {
    return this.anchor.end;
  }

  written(): string {
    return this.doc.text.slice(this.start, this.anchor.end);
  }

  verbatim(written: string): boolean {
    return !written.includes('\\');
  }

  strings(out: (s: WrittenString) => void): void {
    visit(this.doc, this.anchor, this.key, 0, out);
  }
}

/** The parts of a service whose strings are read: `provider`, each function, `resources`' own parts. */
export function serviceParts(service: ServiceModel): readonly WrittenPart[] {
  const { doc } = service;
  const parts: WrittenPart[] = [];
  const provider = get(doc.root, 'provider');
  if (provider) parts.push(new ServicePart(doc, provider, null, provider.start));
  const functionIds = new Set(service.functions.map((fn) => fn.name));
  for (const pair of asMap(get(doc.root, 'functions'))?.pairs ?? []) {
    const name = keyText(pair.key);
    const fn = name !== null && functionIds.has(name) ? name : undefined;
    parts.push(new ServicePart(doc, pair.value, name, pair.key.start, fn));
  }
  if (service.resources) for (const part of writtenParts(service.resources.template)) parts.push(part);
  return parts;
}
