/**
 * Where things are written in HCL and the edits offered there: remove an argument or a block (its
 * whole lines when it has them to itself), replace a literal (never an expression: `var.memory` is
 * changed where it is defined), insert arguments into a block, aligned as `terraform fmt` aligns the
 * block's last argument. Offsets are the folder's (configuration.ts): an edit's file is the file its
 * offset falls in. Comments and formatting outside the edited span are kept.
 */
import type { OffsetEdit } from '../../fix/edits';
import type { NameKey, Site, Span } from '../../model/types';
import { keepShape } from '../../keep-shape';
import type { HclAttribute, HclBlock } from './hcl-syntax';
import { inner } from './hcl-syntax';
import type { TerraformFolder } from './configuration';
import { hclValue } from './names';

const NO_SPANS: readonly Span[] = Object.freeze([]);

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

/**
 * Removes `[start, end)`, with its lines when nothing else is written on them (a comment after it on
 * its last line goes with it: it spoke of what is removed).
 */
export function removeSpan(text: string, start: number, end: number): OffsetEdit {
  const from = lineStart(text, start);
  const to = lineEnd(text, end);
  const before = text.slice(from, start);
  const after = text.slice(end, to);
  if (/^[ \t]*$/.test(before) && /^[ \t]*(?:(?:#|\/\/).*)?$/.test(after))
    return { start: from, end: Math.min(to + 1, text.length), newText: '' };
  return { start, end, newText: '' };
}

/** What a finding on an argument underlines: the argument, or its name when its value spans lines. */
export function attributeSpan(text: string, attribute: HclAttribute): Span {
  const oneLine = !text.slice(attribute.start, attribute.end).includes('\n');
  return { start: attribute.start, end: oneLine ? attribute.end : attribute.nameEnd };
}

/** A block's header (`vpc_config`, `dynamic "vpc_config"`, `resource "aws_lambda_function" "worker"`). */
export function headerSpan(block: HclBlock): Span {
  const last = block.labelSpans[block.labelSpans.length - 1];
  return { start: block.start, end: last ? last.end : block.start + block.type.length };
}

/** Spans of a written list's items whose text (as written, and as evaluated) matches `pattern`. */
function listItemsMatching(
  folder: TerraformFolder,
  attribute: HclAttribute,
  pattern: RegExp,
): readonly Span[] {
  const list = inner(attribute.expr);
  const tuple = list?.type === 'collection_value' ? list.children[0] : undefined;
  if (tuple?.type !== 'tuple') return NO_SPANS;
  let found: Span[] | undefined;
  for (const item of tuple.children) {
    if (item.type !== 'expression') continue;
    const value = folder.evaluator.value(item);
    const text = folder.source(item) + (value.kind === 'dynamic' ? '' : String(value.value));
    if (pattern.test(text)) (found ??= []).push({ start: item.start, end: item.end });
  }
  return found ?? NO_SPANS;
}

/**
 * An argument. `literal` says whether its value is written as a literal (a fix may replace it);
 * `removes`, when given, is the block a removal takes instead (an argument a resource cannot lack:
 * `provisioned_concurrent_executions` goes with its `aws_lambda_provisioned_concurrency_config`).
 */
export class AttributeSite implements Site {
  readonly inheritedFrom: string | undefined;

  constructor(
    private readonly folder: TerraformFolder,
    private readonly attribute: HclAttribute,
    private readonly literal: boolean,
    private readonly removes: HclBlock | undefined = undefined,
    private readonly more: readonly HclAttribute[] = [],
  ) {
    this.inheritedFrom = undefined;
  }

  get span(): Span {
    return attributeSpan(this.folder.text, this.attribute);
  }

  remove(): OffsetEdit[] {
    const text = this.folder.text;
    if (this.removes) return [removeSpan(text, this.removes.start, this.removes.end)];
    return [this.attribute, ...this.more].map((a) => removeSpan(text, a.start, a.end));
  }

  setValue(value: string | number): OffsetEdit[] | undefined {
    const expr = this.attribute.expr;
    if (!this.literal || !expr || this.more.length) return undefined;
    return [{ start: expr.start, end: expr.end, newText: hclValue(value) }];
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(pattern: RegExp): readonly Span[] {
    return listItemsMatching(this.folder, this.attribute, pattern);
  }
}
keepShape(new AttributeSite({} as never, {} as never, false));

/**
 * A nested block (`vpc_config { … }`, `dynamic "vpc_config" { … }`): removed whole. `value`, when
 * given, is the argument inside it that holds the setting's value (`ephemeral_storage { size }`).
 */
export class BlockSite implements Site {
  readonly inheritedFrom: string | undefined;

  constructor(
    private readonly folder: TerraformFolder,
    private readonly block: HclBlock,
    private readonly value: AttributeSite | undefined = undefined,
  ) {
    this.inheritedFrom = undefined;
  }

  get span(): Span {
    return headerSpan(this.block);
  }

  remove(): OffsetEdit[] {
    return [removeSpan(this.folder.text, this.block.start, this.block.end)];
  }

  setValue(value: string | number): OffsetEdit[] | undefined {
    return this.value?.setValue(value);
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(): readonly Span[] {
    return NO_SPANS;
  }
}
keepShape(new BlockSite({} as never, {} as never));

/** Inserts `name = value` lines into a block, after its last argument (arguments come before nested blocks). */
export function insertAttributes(
  folder: TerraformFolder,
  block: HclBlock,
  lines: readonly (readonly [string, string])[],
): OffsetEdit[] | undefined {
  const text = folder.text;
  if (!text.slice(block.open, block.close).includes('\n')) return undefined; // a one-line block
  const attributes = block.body.attributes;
  const last = attributes[attributes.length - 1];
  const firstInside = attributes[0] ?? block.body.blocks[0];
  const indent = firstInside
    ? text.slice(lineStart(text, firstInside.start), firstInside.start)
    : `${text.slice(lineStart(text, block.start), block.start).replace(/\S.*$/, '')}  `;
  if (!/^[ \t]*$/.test(indent)) return undefined;
  // `terraform fmt` aligns the `=` of consecutive arguments: follow the last one's column.
  let width = 0;
  if (last) {
    const eq = text.indexOf('=', last.nameEnd);
    width = eq - last.start - 1;
  }
  const at = last ? Math.min(lineEnd(text, last.end) + 1, text.length) : lineEnd(text, block.open) + 1;
  const newText = lines.map(([name, value]) => `${indent}${name.padEnd(width)} = ${value}\n`).join('');
  return [{ start: at, end: at, newText }];
}

/**
 * A declaration (a resource or a module call): its header is what function-wide findings underline;
 * settings are inserted into its body under the names `nameOf` gives (the provider's arguments, or a
 * module's inputs).
 */
export class DeclarationSite implements Site {
  readonly inheritedFrom: string | undefined;

  constructor(
    private readonly folder: TerraformFolder,
    private readonly block: HclBlock,
    private readonly nameOf: (key: NameKey) => string | undefined,
  ) {
    this.inheritedFrom = undefined;
  }

  get span(): Span {
    return headerSpan(this.block);
  }

  remove(): undefined {
    return undefined;
  }

  setValue(): undefined {
    return undefined;
  }

  insert(entries: readonly (readonly [NameKey, string | number])[]): OffsetEdit[] | undefined {
    const lines: [string, string][] = [];
    for (const [key, value] of entries) {
      const name = this.nameOf(key);
      if (!name) return undefined;
      lines.push([name, hclValue(value)]);
    }
    return insertAttributes(this.folder, this.block, lines);
  }

  itemsMatching(): readonly Span[] {
    return NO_SPANS;
  }
}
keepShape(new DeclarationSite({} as never, {} as never, () => undefined));

/**
 * An argument not written yet, that a fix writes beside another (`authorization_type` of the lambda
 * module, whose default is NONE, beside `create_lambda_function_url`): findings underline that other.
 */
export class AbsentAttributeSite implements Site {
  readonly inheritedFrom: string | undefined;

  constructor(
    private readonly folder: TerraformFolder,
    private readonly block: HclBlock,
    private readonly beside: HclAttribute,
    private readonly name: string,
  ) {
    this.inheritedFrom = undefined;
  }

  get span(): Span {
    return attributeSpan(this.folder.text, this.beside);
  }

  remove(): undefined {
    return undefined;
  }

  setValue(value: string | number): OffsetEdit[] | undefined {
    const text = this.folder.text;
    const from = lineStart(text, this.beside.start);
    const indent = text.slice(from, this.beside.start);
    if (!/^[ \t]*$/.test(indent) || this.block.open > this.beside.start) return undefined;
    const at = Math.min(lineEnd(text, this.beside.end) + 1, text.length);
    return [{ start: at, end: at, newText: `${indent}${this.name} = ${hclValue(value)}\n` }];
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(): readonly Span[] {
    return NO_SPANS;
  }
}
keepShape(new AbsentAttributeSite({} as never, {} as never, {} as never, ''));
