/**
 * A template's literal strings as written, part by part (each entry of `Resources`, then `Outputs` and
 * `Globals`), for rules that read what is written: a region inside an ARN, an availability zone.
 * `Mappings` are left out on purpose: a region-keyed map of ARNs is the portable way to write them.
 */
import { type Node, type ScalarNode, get, keyText } from '../../parse/ast';
import type { OffsetEdit } from '../../fix/edits';
import type { Span, WrittenPart, WrittenString } from '../../model/types';
import type { TemplateModel } from './types';
import { intrinsicOf } from './values';
import { keepShape } from '../../keep-shape';

class TemplateString implements WrittenString {
  constructor(
    private readonly template: TemplateModel,
    private readonly node: ScalarNode,
    readonly key: string | null,
    /** Inside a `Fn::Sub` template (its `${…}` are substitutions). */
    private readonly inSub: boolean,
  ) {}

  get value(): string {
    return this.node.value;
  }

  get span(): Span {
    return { start: this.node.start, end: this.node.end };
  }

  get raw(): string {
    return this.template.doc.text.slice(this.node.start, this.node.end);
  }

  get multiline(): boolean {
    const node = this.node;
    return node.style === 'literal' || node.style === 'folded' || node.value.includes('\n');
  }

  /** Replaces the region with `${AWS::Region}`: inside a Sub string in place; otherwise by making the string a Sub. */
  useDeployRegion(region: string): OffsetEdit[] | undefined {
    if (this.multiline) return undefined;
    const { node } = this;
    const json = this.template.doc.syntax === 'json';
    if (this.inSub) {
      const replaced = node.value.split(`:${region}:`).join(':${AWS::Region}:');
      const text = json ? JSON.stringify(replaced) : `'${replaced.replace(/'/g, "''")}'`;
      return [{ start: node.start, end: node.end, newText: text }];
    }
    // A plain string becomes a Sub: existing `${` must be escaped as `${!`.
    const escaped = node.value.replace(/\$\{/g, '${!').split(`:${region}:`).join(':${AWS::Region}:');
    const newText = json
      ? `{ "Fn::Sub": ${JSON.stringify(escaped)} }`
      : `!Sub '${escaped.replace(/'/g, "''")}'`;
    return [{ start: node.start, end: node.end, newText }];
  }
}
keepShape(new TemplateString({} as never, {} as never, null, false));

/** Visits the literal strings under a node: plain scalars and `!Sub` templates, each where it is written. */
function visitStrings(
  template: TemplateModel,
  node: Node,
  key: string | null,
  insideSub: boolean,
  depth: number,
  visit: (s: WrittenString) => void,
): void {
  // Aliases are not followed: every string is visited once, where it is written.
  if (depth > 100 || node.kind === 'alias') return;
  if (node.kind === 'scalar') {
    const subTag = node.tag?.name === '!Sub';
    // Other tags are intrinsic functions (`!Ref`, `!GetAtt`…): names, not literal strings.
    if (!node.tag || subTag)
      visit(new TemplateString(template, node, node.tag ? null : key, insideSub || subTag));
    return;
  }
  if (node.kind === 'seq') {
    const sub = intrinsicOf(node)?.name === 'Fn::Sub';
    const items = node.items;
    for (let i = 0; i < items.length; i++)
      visitStrings(template, items[i], null, sub && i === 0, depth + 1, visit);
    return;
  }
  for (const pair of node.pairs) {
    const name = keyText(pair.key);
    visitStrings(template, pair.value, name, name === 'Fn::Sub', depth + 1, visit);
  }
}

/**
 * A part of the template: one `Resources` entry (from its key), or a whole section. Made on each lint
 * (a small object): what a rule learns of a part it keeps by the part's `anchor`, the node an
 * incremental re-parse keeps for the entries it did not touch.
 */
class TemplatePart implements WrittenPart {
  declare template: TemplateModel;
  declare readonly anchor: Node;
  declare readonly key: string | null;
  declare readonly depth: number;
  declare start: number;
  declare functionId: string | undefined;

  constructor(
    template: TemplateModel,
    anchor: Node,
    key: string | null,
    depth: number,
    start: number,
    functionId: string | undefined,
  ) {
    this.template = template;
    this.anchor = anchor;
    this.key = key;
    this.depth = depth;
    this.start = start;
    this.functionId = functionId;
  }

  get end(): number {
    return this.anchor.end;
  }

  written(): string {
    return this.template.doc.text.slice(this.start, this.anchor.end);
  }

  /** A scalar's value differs from its text only by escapes (a backslash), quote doubling and folded line breaks. */
  verbatim(written: string): boolean {
    return !written.includes('\\');
  }

  strings(visit: (s: WrittenString) => void): void {
    visitStrings(this.template, this.anchor, this.key, this.key === 'Fn::Sub', this.depth, visit);
  }
}
keepShape(new TemplatePart({} as never, {} as never, null, 0, 0, undefined));

/** The parts of a template whose strings are read: each `Resources` entry, `Outputs`, `Globals`. */
export function writtenParts(template: TemplateModel): readonly WrittenPart[] {
  const parts: WrittenPart[] = [];
  const functionIds = new Set(template.functions.map((fn) => fn.id));
  for (const section of ['Resources', 'Outputs', 'Globals']) {
    const node = get(template.doc.root, section);
    if (!node) continue;
    if (section === 'Resources' && node.kind === 'map') {
      // Entry by entry: an incremental re-parse keeps the nodes of the entries it did not touch.
      for (const pair of node.pairs) {
        const id = keyText(pair.key);
        const fn = id !== null && functionIds.has(id) ? id : undefined;
        parts.push(new TemplatePart(template, pair.value, id, 1, pair.key.start, fn));
      }
    } else parts.push(new TemplatePart(template, node, null, 0, node.start, undefined));
  }
  return parts;
}
