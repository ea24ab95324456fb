/**
 * What Terraform knows of an expression before a plan: literals, templates, arithmetic, comparisons,
 * conditionals, collections, `for` expressions, splats and a set of pure functions over known values,
 * with `var.*` (defaults and .tfvars), `local.*`, `path.*`, `count.index`, `each.*` and iterators.
 * Anything decided later is `dynamic` with the reason: resource attributes (known after apply), data
 * sources (read at plan), module outputs, variables without a value (-var, TF_VAR_), impure functions.
 * A value reached through a variable or a local is `indirect` (`via` names the first one).
 */
import type { Value } from '../../model/types';
import { type HNode, inner } from './hcl-syntax';
import { stripHeredocIndent, unescapeTemplate } from './hcl-strings';
import { callFunction } from './functions';
import { EvalError, binaryOp, derived, dynamic, literal, member, toNumber } from './known';

/** What an expression's names mean in the folder being read. */
export interface EvalContext {
  text: string;
  /** A variable's value (its default, or a .tfvars value); undefined when no such variable is declared. */
  variable(name: string): Value | undefined;
  /** A local's value; undefined when no such local is declared. */
  local(name: string): Value | undefined;
}

/** Names bound around an expression: `count`, `each`, a dynamic block's iterator, `for` variables. */
export type Scope = ReadonlyMap<string, Value>;

export const EMPTY_SCOPE: Scope = new Map();

/** The first dynamic part, if any. */
function firstDynamic(parts: readonly Value[]): Value | undefined {
  return parts.find((p) => p.kind === 'dynamic');
}

const POSTFIX = new Set(['get_attr', 'index', 'splat']);

/** Splits flattened operands (`var.a.b + 1` is [variable_expr, get_attr, get_attr, literal_value]) into terms. */
export function terms(nodes: readonly HNode[]): HNode[][] {
  const out: HNode[][] = [];
  for (const node of nodes) {
    if (POSTFIX.has(node.type) && out.length) out[out.length - 1].push(node);
    else out.push([node]);
  }
  return out;
}

export class Evaluator {
  constructor(private readonly context: EvalContext) {}

  /** The value of an expression; never throws. */
  value(node: HNode | undefined, scope: Scope = EMPTY_SCOPE): Value {
    if (!node) return dynamic('not written');
    try {
      return this.eval(node, scope);
    } catch (error) {
      if (error instanceof EvalError) return dynamic(error.message);
      throw error;
    }
  }

  /** The value, letting EvalError through (for `try`). */
  eval(node: HNode, scope: Scope): Value {
    if (node.error) return dynamic('a syntax error');
    switch (node.type) {
      case 'expression':
        return node.children.length === 1
          ? this.eval(node.children[0], scope)
          : this.term(node.children, scope);
      case 'literal_value':
        return this.eval(node.children[0], scope);
      case 'numeric_lit':
        return literal(Number(this.text(node)));
      case 'bool_lit':
        return literal(this.text(node) === 'true');
      case 'null_lit':
        return literal(null);
      case 'string_lit':
      case 'quoted_template':
      case 'heredoc_template':
        return this.template(node, scope);
      case 'template_expr':
      case 'collection_value':
      case 'operation':
      case 'for_expr':
        return this.eval(node.children[0], scope);
      case 'tuple':
        return this.tuple(
          node.children.filter((c) => c.type === 'expression'),
          scope,
        );
      case 'object':
        return this.object(node, scope);
      case 'variable_expr':
      case 'function_call':
        return this.term([node], scope);
      case 'conditional':
        return this.conditional(node, scope);
      case 'binary_operation':
        return this.binary(node, scope);
      case 'unary_operation':
        return this.unary(node, scope);
      case 'for_tuple_expr':
      case 'for_object_expr':
        return this.forExpr(node, scope);
      default:
        return dynamic(`${node.type} is not evaluated`);
    }
  }

  private text(node: HNode): string {
    return this.context.text.slice(node.start, node.end);
  }

  private tuple(items: readonly HNode[], scope: Scope): Value {
    const values = items.map((item) => this.eval(item, scope));
    return (
      firstDynamic(values) ??
      derived(
        values,
        values.map((v) => (v as { value: unknown }).value),
      )
    );
  }

  private object(node: HNode, scope: Scope): Value {
    const parts: Value[] = [];
    const out: Record<string, unknown> = {};
    for (const elem of node.children) {
      if (elem.type !== 'object_elem') continue;
      const [keyNode, valueNode] = elem.children;
      // A bare name is the key itself (`{ memory = 1 }`); `(expr)` or a template is evaluated.
      const bare = inner(keyNode);
      const key =
        bare?.type === 'variable_expr' && keyNode.children.length === 1
          ? literal(this.text(bare))
          : this.eval(keyNode, scope);
      const value = this.eval(valueNode, scope);
      parts.push(key, value);
      if (key.kind === 'dynamic') return key;
      if (value.kind === 'dynamic') return value;
      out[String(key.value)] = value.value;
    }
    return derived(parts, out);
  }

  /**
   * A quoted string or heredoc: the text between its delimiters, with each interpolation's value in
   * place (the literal pieces are read from the source: the grammar leaves a heredoc's leading
   * whitespace out of its literal nodes). Directives (`%{if}`) are not evaluated.
   */
  private template(node: HNode, scope: Scope): Value {
    const quoted = node.type !== 'heredoc_template';
    const { children } = node;
    // Quoted: between the quotes. Heredoc: from the line after `<<EOT` to the closing marker's line.
    let at = quoted ? children[0].end : this.context.text.indexOf('\n', children[1].end) + 1;
    const end = children[children.length - 1].start;
    const parts: Value[] = [];
    let out = '';
    for (const child of children) {
      if (child.type === 'template_directive') return dynamic('a template directive (%{…})');
      if (child.type !== 'template_interpolation') continue;
      out += unescapeTemplate(this.context.text.slice(at, child.start), quoted);
      const expr = child.children.find((c) => c.type === 'expression');
      const value = this.eval(expr!, scope);
      if (value.kind === 'dynamic') return value;
      if (value.value === null || typeof value.value === 'object')
        throw new EvalError('a template interpolates a null or a collection');
      parts.push(value);
      out += String(value.value);
      at = child.end;
    }
    out += unescapeTemplate(this.context.text.slice(at, end), quoted);
    if (!quoted) {
      // The closing marker's line holds only its indentation.
      out = out.replace(/[ \t]*$/, '');
      if (this.text(children[0]) === '<<-') out = stripHeredocIndent(out);
    }
    return derived(parts, out);
  }

  private conditional(node: HNode, scope: Scope): Value {
    const [test, yes, no] = node.children;
    const condition = this.eval(test, scope);
    if (condition.kind === 'dynamic') return condition;
    if (typeof condition.value !== 'boolean') throw new EvalError('a condition is not a bool');
    const chosen = this.eval(condition.value ? yes : no, scope);
    return chosen.kind === 'dynamic' ? chosen : derived([condition, chosen], chosen.value);
  }

  private unary(node: HNode, scope: Scope): Value {
    const operand = this.term(node.children, scope);
    if (operand.kind === 'dynamic') return operand;
    if (node.op === '!') {
      if (typeof operand.value !== 'boolean') throw new EvalError('! of a value that is not a bool');
      return derived([operand], !operand.value);
    }
    return derived([operand], -toNumber(operand.value));
  }

  private binary(node: HNode, scope: Scope): Value {
    const [leftNodes, rightNodes] = terms(node.children);
    const left = this.term(leftNodes, scope);
    const op = node.op ?? '';
    // Terraform evaluates both sides; a known false/true still decides && and || when the other is unknown.
    const right = rightNodes ? this.term(rightNodes, scope) : dynamic('an operand is missing');
    if (op === '&&' || op === '||') {
      const decided = op === '&&' ? false : true;
      for (const side of [left, right])
        if (side.kind !== 'dynamic' && side.value === decided) return derived([side], decided);
    }
    const unknown = firstDynamic([left, right]);
    if (unknown) return unknown;
    const a = (left as { value: unknown }).value;
    const b = (right as { value: unknown }).value;
    return derived([left, right], binaryOp(op, a, b));
  }

  private forExpr(node: HNode, scope: Scope): Value {
    const intro = node.children.find((c) => c.type === 'for_intro')!;
    const names = intro.children.filter((c) => c.type === 'identifier').map((c) => this.text(c));
    const collection = this.eval(
      intro.children.find((c) => c.type === 'expression')!,
      scope,
    );
    if (collection.kind === 'dynamic') return collection;
    const exprs = node.children.filter((c) => c.type === 'expression');
    const cond = node.children.find((c) => c.type === 'for_cond')?.children[0];
    const grouping = node.children.some((c) => c.type === 'ellipsis');
    const entries: [unknown, unknown][] = Array.isArray(collection.value)
      ? collection.value.map((v, i) => [i, v])
      : collection.value && typeof collection.value === 'object'
        ? Object.entries(collection.value)
        : [];
    const tuple = node.type === 'for_tuple_expr';
    const parts: Value[] = [collection];
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      const inner = new Map(scope);
      if (names.length === 2) inner.set(names[0], literal(key)).set(names[1], literal(value));
      else inner.set(names[0], literal(value));
      if (cond) {
        const keep = this.eval(cond, inner);
        if (keep.kind === 'dynamic') return keep;
        parts.push(keep);
        if (!keep.value) continue;
      }
      const results = exprs.map((e) => this.eval(e, inner));
      const unknown = firstDynamic(results);
      if (unknown) return unknown;
      parts.push(...results);
      const values = results.map((r) => (r as { value: unknown }).value);
      if (tuple) list.push(values[0]);
      else if (grouping) ((map[String(values[0])] ??= []) as unknown[]).push(values[1]);
      else map[String(values[0])] = values[1];
    }
    return derived(parts, tuple ? list : map);
  }

  /** A primary expression and its postfix traversals (`.attr`, `[index]`, splats). */
  term(nodes: readonly HNode[], scope: Scope): Value {
    const [head, ...rest] = nodes;
    let steps = rest;
    let current: Value;
    if (head.type === 'variable_expr') {
      const root = this.text(head);
      const resolved = this.root(root, rest, scope);
      current = resolved.value;
      steps = rest.slice(resolved.consumed);
    } else if (head.type === 'function_call') current = this.call(head, scope);
    else current = this.eval(head, scope);
    for (let i = 0; i < steps.length; i++) {
      if (current.kind === 'dynamic') return current;
      const step = steps[i];
      if (step.type === 'splat') {
        const list =
          current.value === null ? [] : Array.isArray(current.value) ? current.value : [current.value];
        const after = step.children[0].children;
        const mapped = list.map((item) => this.traverse(literal(item), after, scope));
        const unknown = firstDynamic(mapped);
        if (unknown) return unknown;
        current = derived(
          [current, ...mapped],
          mapped.map((m) => (m as { value: unknown }).value),
        );
        continue;
      }
      current = this.traverse(current, [step], scope);
    }
    return current;
  }

  private traverse(start: Value, steps: readonly HNode[], scope: Scope): Value {
    let current = start;
    for (const step of steps) {
      if (current.kind === 'dynamic') return current;
      let key: Value;
      if (step.type === 'get_attr') key = literal(this.text(step.children[0]));
      else if (step.type === 'index') {
        const index = step.children[0];
        key =
          index.type === 'legacy_index'
            ? literal(Number(this.text(index).slice(1)))
            : this.eval(index.children[0], scope);
      } else return dynamic(`${step.type} is not evaluated`);
      if (key.kind === 'dynamic') return key;
      current = derived([current, key], member(current.value, key.value));
    }
    return current;
  }

  /** A name's value and how many traversal steps naming it took (`var.x` takes one). */
  private root(name: string, steps: readonly HNode[], scope: Scope): { value: Value; consumed: number } {
    const bound = scope.get(name);
    if (bound) return { value: bound, consumed: 0 };
    const attr = (i: number) => (steps[i]?.type === 'get_attr' ? this.text(steps[i].children[0]) : undefined);
    const first = attr(0);
    switch (name) {
      case 'var': {
        const value = first === undefined ? undefined : this.context.variable(first);
        if (!value) throw new EvalError(`var.${first ?? '?'} is not declared`);
        return { value, consumed: 1 };
      }
      case 'local': {
        const value = first === undefined ? undefined : this.context.local(first);
        if (!value) throw new EvalError(`local.${first ?? '?'} is not declared`);
        return { value, consumed: 1 };
      }
      case 'path':
        // Paths are relative to the module's folder, where the model reads code folders from.
        return { value: literal('.'), consumed: 1 };
      case 'terraform':
        return { value: dynamic(`terraform.${first ?? ''} is chosen when Terraform runs`), consumed: 1 };
      case 'count':
      case 'each':
        throw new EvalError(
          `${name} is used outside a resource with ${name === 'count' ? 'count' : 'for_each'}`,
        );
      case 'data': {
        const address = `data.${first ?? ''}.${attr(1) ?? ''}`;
        return { value: dynamic(`${address} is read when Terraform plans`), consumed: 2 };
      }
      case 'module':
        return {
          value: dynamic(`module.${first ?? ''}.${attr(1) ?? ''} is an output of a module call`),
          consumed: 2,
        };
      default: {
        const address = `${name}.${first ?? ''}`;
        const member = attr(1) ?? attr(2);
        return {
          value: dynamic(`${address}${member ? `.${member}` : ''} is known after apply`),
          consumed: steps.length,
        };
      }
    }
  }

  private call(node: HNode, scope: Scope): Value {
    const name = this.text(node.children[0]);
    const args = node.children.find((c) => c.type === 'function_arguments');
    const argNodes = args ? args.children.filter((c) => c.type === 'expression') : [];
    if (name === 'try' || name === 'can') {
      for (const arg of argNodes) {
        try {
          const value = this.eval(arg, scope);
          return name === 'can' ? (value.kind === 'dynamic' ? value : derived([value], true)) : value;
        } catch (error) {
          if (!(error instanceof EvalError)) throw error;
        }
      }
      if (name === 'can') return literal(false);
      throw new EvalError('no argument of try() could be evaluated');
    }
    const values = argNodes.map((arg) => this.eval(arg, scope));
    const expand = args?.children.some((c) => c.type === 'ellipsis');
    return callFunction(name, values, expand ?? false);
  }
}
