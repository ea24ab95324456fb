/**
 * The HCL parse checked against @cdktf/hcl2json (HashiCorp's own HCL parser, compiled to wasm) on the
 * fixture folders: every block with its labels and every argument, constants by value and
 * expressions by their text, must read the same.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../../src/core/formats/terraform';
import type { HclBody, HNode } from '../../../src/core/formats/terraform/hcl-syntax';
import { inner } from '../../../src/core/formats/terraform/hcl-syntax';
import { Evaluator } from '../../../src/core/formats/terraform/evaluate';
import { TERRAFORM_FIXTURES } from '../../helpers/terraform-fixture';

await initHclParser();

/** What hcl2json writes as an expression ("${…}"), not by value. */
const COMPUTED = new Set([
  'function_call',
  'for_expr',
  'operation',
  'conditional',
  'template_interpolation',
  'template_directive',
  'heredoc_template',
  'get_attr',
  'index',
  'splat',
]);

/** True when an expression is a constant written out (hcl2json gives those by value); a bare object key is a constant. */
function isConstant(node: HNode, key = false): boolean {
  if (node.type === 'variable_expr') return key;
  if (COMPUTED.has(node.type)) return false;
  if (node.type === 'object_elem') return isConstant(node.children[0], true) && isConstant(node.children[1]);
  return node.children.every((c) => isConstant(c, key && node.type === 'expression'));
}

/** A value as hcl2json writes it: constants by value, collections item by item, the rest as "${…}" (templates as written). */
function render(expr: HNode, text: string, evaluator: Evaluator): unknown {
  const node = inner(expr)!;
  const collection = node.type === 'collection_value' ? node.children[0] : undefined;
  if (collection?.type === 'tuple')
    return collection.children.filter((c) => c.type === 'expression').map((c) => render(c, text, evaluator));
  if (collection?.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const elem of collection.children.filter((c) => c.type === 'object_elem')) {
      const [key, value] = elem.children;
      const name =
        inner(key)!.type === 'variable_expr'
          ? text.slice(key.start, key.end)
          : String(render(key, text, evaluator));
      out[name] = render(value, text, evaluator);
    }
    return out;
  }
  const value = evaluator.value(expr);
  const negative = node.type === 'operation' && /^-\s*[0-9.]+$/.test(text.slice(node.start, node.end));
  // hcl2json writes strings as templates: a literal `${` comes back escaped.
  const asTemplate = (v: unknown) => (typeof v === 'string' ? v.replace(/([$%])\{/g, '$1$1{') : v);
  if ((isConstant(expr) || negative) && value.kind === 'literal') return asTemplate(value.value);
  const template = node.type === 'template_expr' ? node.children[0] : undefined;
  if (template?.type === 'quoted_template') return text.slice(node.start + 1, node.end - 1);
  if (template?.type === 'heredoc_template') {
    if (value.kind === 'literal') return asTemplate(value.value); // our evaluation, indentation stripped
    // Its content as written, from the line after the marker to the closing marker's line.
    const body = text.slice(template.children[1].end, template.children[template.children.length - 1].start);
    return body.replace(/^\r?\n/, '').replace(/[ \t]*$/, '');
  }
  return `\${${text.slice(expr.start, expr.end)}}`;
}

/** Our parse in hcl2json's shape: blocks keyed by type then labels, bodies in lists. */
function toJson(body: HclBody, text: string): Record<string, unknown> {
  const evaluator = new Evaluator({ text, variable: () => undefined, local: () => undefined });
  const out: Record<string, unknown> = {};
  for (const attribute of body.attributes) out[attribute.name] = render(attribute.expr!, text, evaluator);
  for (const block of body.blocks) {
    // `resource "a" "b" {}` is resource.a.b[]; a block without labels is type[].
    const path = [block.type, ...block.labels];
    let at = out;
    for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    ((at[path[path.length - 1]] ??= []) as unknown[]).push(toJson(block.body, text));
  }
  return out;
}

describe('the parse agrees with @cdktf/hcl2json on every fixture file', () => {
  for (const project of readdirSync(TERRAFORM_FIXTURES))
    for (const name of readdirSync(join(TERRAFORM_FIXTURES, project)).filter(
      (n) => n.endsWith('.tf') || n.endsWith('.tfvars'),
    ))
      it(`${project}/${name}`, async () => {
        const text = readFileSync(join(TERRAFORM_FIXTURES, project, name), 'utf8');
        const ours = parseHcl(text, name);
        expect(ours.problems).toEqual([]);
        expect(toJson(ours.body, text)).toEqual(await parse(name, text));
      });
});
