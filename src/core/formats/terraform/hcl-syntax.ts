/**
 * The HCL syntax tree as plain objects: bodies of attributes and blocks, and expressions as the
 * grammar's nodes (`HNode`: type, offsets in the file's text, named children, the operator of an
 * operation). Offsets are UTF-16, in the text of the file's folder: each file starts at its `base`
 * there (configuration.ts), so that spans from every file of a module share one offset space.
 */
import type { SyntaxProblem } from '../../parse/ast';
import { stringLiteral } from './hcl-strings';

/** A grammar node: comments are left out of `children` (the file keeps them). */
export interface HNode {
  type: string;
  start: number;
  end: number;
  children: HNode[];
  /** The operator of a `binary_operation` or `unary_operation`. */
  op: string | undefined;
  /** True when the node or one below it is a syntax error. */
  error: boolean;
}

/** `name = expression`. */
export interface HclAttribute {
  name: string;
  /** The attribute as written, from its name to the end of its expression. */
  start: number;
  end: number;
  nameEnd: number;
  /** The expression; undefined when a syntax error left none. */
  expr: HNode | undefined;
  error: boolean;
}

/** `type "label" … { body }`. */
export interface HclBlock {
  type: string;
  labels: string[];
  /** Offsets of each label as written (quotes included). */
  labelSpans: { start: number; end: number }[];
  start: number;
  end: number;
  /** The offsets of `{` and `}`. */
  open: number;
  close: number;
  body: HclBody;
  error: boolean;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
  /** The first attribute of each name (HCL rejects a second one: it is a problem). */
  byName: Map<string, HclAttribute>;
}

/** The source text between two offsets. */
export type Slice = (start: number, end: number) => string;

/** One parsed file. */
export interface HclFile {
  path: string;
  text: string;
  /** Where the file's offsets start (0 alone; its place in a folder's text). */
  base: number;
  body: HclBody;
  problems: SyntaxProblem[];
  comments: HNode[];
  /** True when the file is a JSON object (a `.tfvars.json` read by the HCL grammar). */
  json: boolean;
}

const EMPTY_BODY: HclBody = Object.freeze({
  attributes: [],
  blocks: [],
  byName: new Map(),
}) as unknown as HclBody;

/** Reads a `body` node into attributes and blocks; duplicate attributes are problems. */
export function readBody(node: HNode | undefined, text: Slice, problems: SyntaxProblem[]): HclBody {
  if (!node) return EMPTY_BODY;
  const body: HclBody = { attributes: [], blocks: [], byName: new Map() };
  for (const child of node.children) {
    if (child.type === 'attribute') {
      const name = child.children[0];
      const expr = child.children.find((c) => c.type === 'expression');
      const attribute: HclAttribute = {
        name: text(name.start, name.end),
        start: child.start,
        end: child.end,
        nameEnd: name.end,
        expr,
        error: child.error,
      };
      body.attributes.push(attribute);
      if (body.byName.has(attribute.name))
        problems.push({
          message: `the argument ${attribute.name} is already set in this block`,
          start: child.start,
          end: name.end,
        });
      else body.byName.set(attribute.name, attribute);
    } else if (child.type === 'block') body.blocks.push(readBlock(child, text, problems));
  }
  return body;
}

function readBlock(node: HNode, text: Slice, problems: SyntaxProblem[]): HclBlock {
  const [type, ...rest] = node.children;
  const labels: string[] = [];
  const labelSpans: { start: number; end: number }[] = [];
  let open = node.end;
  let close = node.end;
  let body: HNode | undefined;
  for (const child of rest) {
    if (child.type === 'string_lit' || child.type === 'identifier') {
      labels.push(child.type === 'identifier' ? text(child.start, child.end) : stringLiteral(child, text));
      labelSpans.push({ start: child.start, end: child.end });
    } else if (child.type === 'block_start') open = child.start;
    else if (child.type === 'block_end') close = child.start;
    else if (child.type === 'body') body = child;
  }
  return {
    type: text(type.start, type.end),
    labels,
    labelSpans,
    start: node.start,
    end: node.end,
    open,
    close,
    body: readBody(body, text, problems),
    error: node.error,
  };
}

/** The blocks of a body of one type. */
export function blocksOf(body: HclBody, type: string): HclBlock[] {
  return body.blocks.filter((b) => b.type === type);
}

/** The expression node under an `expression` wrapper (and parentheses kept as they are). */
export function inner(node: HNode | undefined): HNode | undefined {
  let at = node;
  while (at && at.type === 'expression' && at.children.length === 1) at = at.children[0];
  return at;
}
