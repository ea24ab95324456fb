/**
 * Constant values written in code: numbers, strings, arithmetic on them, and names bound once to a
 * constant (`const DELAY = 5 * 1000`, `TIMEOUT = 2` at module level). Anything else is unknown,
 * never guessed. Paths also have a "shape": their constant parts, with `{expr}` for the rest.
 */
import { type CodeNode, unwrap } from './code-node';
import { decodeEscape, jsStringValue } from './declare-js';
import type { CodeModel } from './model';
import { bindingOf, nameOf } from './resolve';

export type Constant = string | number | boolean | null;

const MAX_DEPTH = 12;

/** The constant value of an expression, or undefined when it is not constant. */
export function constantValue(model: CodeModel, node: CodeNode | undefined, depth = 0): Constant | undefined {
  const expr = unwrap(node);
  if (!expr || depth > MAX_DEPTH) return undefined;
  switch (expr.type) {
    case 'number':
    case 'integer':
    case 'float': {
      const value = Number(expr.text.replace(/_/g, '').replace(/[jJlL]$/, ''));
      return Number.isNaN(value) ? undefined : value;
    }
    case 'true':
    case 'false':
      return expr.type === 'true';
    case 'null':
    case 'none':
      return null;
    case 'string':
      return model.family === 'python' ? pythonString(model, expr, depth) : jsStringValue(expr);
    case 'template_string':
      return templateValue(model, expr, depth);
    case 'concatenated_string': {
      let out = '';
      for (const part of expr.items) {
        const value = constantValue(model, part, depth + 1);
        if (typeof value !== 'string') return undefined;
        out += value;
      }
      return out;
    }
    case 'unary_expression':
    case 'unary_operator': {
      const value = constantValue(model, expr.field('argument'), depth + 1);
      if (typeof value !== 'number') return undefined;
      if (expr.hasToken('-')) return -value;
      if (expr.hasToken('+')) return value;
      return undefined;
    }
    case 'binary_expression':
    case 'binary_operator':
      return binary(model, expr, depth);
    case 'identifier':
      return nameValue(model, expr, depth);
    default:
      return undefined;
  }
}

/** A number, when the expression is a constant number. */
export function numberValue(model: CodeModel, node: CodeNode | undefined): number | undefined {
  const value = constantValue(model, node);
  return typeof value === 'number' ? value : undefined;
}

/** A string, when the expression is a constant string. */
export function stringValue(model: CodeModel, node: CodeNode | undefined): string | undefined {
  const value = constantValue(model, node);
  return typeof value === 'string' ? value : undefined;
}

function binary(model: CodeModel, expr: CodeNode, depth: number): Constant | undefined {
  const left = constantValue(model, expr.field('left'), depth + 1);
  const right = constantValue(model, expr.field('right'), depth + 1);
  if (left === undefined || right === undefined) return undefined;
  const op = expr.syntax.tokens[0];
  if (op === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (op === '+' && model.family === 'node' && (typeof left === 'string' || typeof right === 'string'))
    return String(left) + String(right);
  if (typeof left !== 'number' || typeof right !== 'number') return undefined;
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0 ? undefined : left / right;
    case '//':
      return right === 0 ? undefined : Math.floor(left / right);
    case '%':
      return right === 0 ? undefined : left % right;
    case '**':
      return left ** right;
    default:
      return undefined;
  }
}

/** A name bound once to a constant: a JS `const`, or a Python variable never assigned again. */
function nameValue(model: CodeModel, id: CodeNode, depth: number): Constant | undefined {
  const binding = bindingOf(model, id);
  if (!binding?.init || binding.path || binding.iterates || binding.assignments.length > 0) return undefined;
  if (model.family === 'node' && binding.kind !== 'const') return undefined;
  if (model.family === 'python' && binding.kind !== 'var') return undefined;
  return constantValue(model, binding.init, depth + 1);
}

function templateValue(model: CodeModel, expr: CodeNode, depth: number): string | undefined {
  let out = '';
  for (const part of expr.items) {
    if (part.type === 'string_fragment') out += part.text;
    else if (part.type === 'escape_sequence') out += decodeEscape(part.text);
    else if (part.type === 'template_substitution') {
      const value = constantValue(model, part.items[0], depth + 1);
      if (value === undefined) return undefined;
      out += String(value);
    } else return undefined;
  }
  return out;
}

function pythonString(model: CodeModel, expr: CodeNode, depth: number): string | undefined {
  const startNode = expr.childOfType('string_start');
  const prefix = (startNode?.text ?? '').replace(/['"]/g, '').toLowerCase();
  if (prefix.includes('b')) return undefined;
  let out = '';
  for (const part of expr.items) {
    if (part.type === 'string_start' || part.type === 'string_end') continue;
    if (part.type === 'string_content') out += prefix.includes('r') ? part.text : decodePython(part);
    else if (part.type === 'interpolation') {
      const value = constantValue(model, part.field('expression'), depth + 1);
      if (value === undefined) return undefined;
      out += String(value);
    } else return undefined;
  }
  return out;
}

/** String content with its escape sequences decoded (the common ones; others are kept as written). */
function decodePython(content: CodeNode): string {
  if (content.children.length === 0) return content.text;
  let out = '';
  let at = content.start;
  for (const escape of content.children) {
    out += content.source.slice(at, escape.start);
    const c = escape.text[1];
    out += c === 'n' ? '\n' : c === 't' ? '\t' : c === '\\' || c === "'" || c === '"' ? c : escape.text;
    at = escape.end;
  }
  return out + content.source.slice(at, content.end);
}

/**
 * A path's shape: constant parts as they are, other parts as `{source text}`, so that the same path
 * written twice compares equal. `path.join`, `os.path.join`, `Path(a) / b`, `os.tmpdir()` and
 * `tempfile.gettempdir()` are understood. Undefined when the expression is no path-like string.
 */
export function pathShape(model: CodeModel, node: CodeNode | undefined, depth = 0): string | undefined {
  const expr = unwrap(node);
  if (!expr || depth > MAX_DEPTH) return undefined;
  const constant = constantValue(model, expr);
  if (typeof constant === 'string') return constant;
  switch (expr.type) {
    case 'template_string': {
      let out = '';
      for (const part of expr.items) {
        if (part.type === 'string_fragment') out += part.text;
        else if (part.type === 'template_substitution')
          out += pathShape(model, part.items[0], depth + 1) ?? `{${part.items[0]?.text ?? ''}}`;
        else return undefined;
      }
      return out;
    }
    case 'string': {
      if (model.family !== 'python') return undefined;
      let out = '';
      for (const part of expr.items) {
        if (part.type === 'string_content') out += part.text;
        else if (part.type === 'interpolation') {
          const inner = part.field('expression');
          out += pathShape(model, inner, depth + 1) ?? `{${inner?.text ?? ''}}`;
        }
      }
      return out;
    }
    case 'binary_expression':
    case 'binary_operator': {
      const op = expr.syntax.tokens[0];
      if (op !== '+' && op !== '/') return undefined;
      const left = pathShape(model, expr.field('left'), depth + 1) ?? `{${expr.field('left')?.text}}`;
      const right = pathShape(model, expr.field('right'), depth + 1) ?? `{${expr.field('right')?.text}}`;
      return op === '/' ? joinPath([left, right]) : left + right;
    }
    case 'identifier': {
      const binding = bindingOf(model, expr);
      if (binding?.init && !binding.path && binding.assignments.length === 0 && binding.kind !== 'let')
        return pathShape(model, binding.init, depth + 1);
      return undefined;
    }
    case 'call_expression':
    case 'call':
      return callShape(model, expr, depth);
    default:
      return undefined;
  }
}

const TEMP_DIRS = new Set(['os:tmpdir', 'tempfile:gettempdir']);
const JOINS = new Set([
  'path:join',
  'path:resolve',
  'path:posix.join',
  'os:path.join',
  'os.path:join',
  'posixpath:join',
]);
const PATH_CLASSES = new Set(['pathlib:Path', 'pathlib:PurePath', 'pathlib:PosixPath']);

function callShape(model: CodeModel, call: CodeNode, depth: number): string | undefined {
  const name = nameOf(model, call.field('function'));
  if (!name) return undefined;
  const args = call.field('arguments')?.items ?? [];
  if (TEMP_DIRS.has(name)) return '/tmp';
  if (PATH_CLASSES.has(name) && args.length >= 1) {
    const parts = args.map((a) => pathShape(model, a, depth + 1));
    return parts.every((p) => p !== undefined) ? joinPath(parts as string[]) : undefined;
  }
  if (JOINS.has(name) && args.length >= 1) {
    const parts = args.map((a) => pathShape(model, a, depth + 1) ?? `{${a.text}}`);
    return joinPath(parts);
  }
  return undefined;
}

function joinPath(parts: string[]): string {
  return parts.reduce((acc, part) => {
    if (part.startsWith('/')) return part;
    if (acc === '') return part;
    return acc.endsWith('/') ? acc + part : `${acc}/${part}`;
  }, '');
}
