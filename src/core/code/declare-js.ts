/** JavaScript and TypeScript declarations: imports, `require`, variables, classes, catch and loop variables. */
import { type CodeNode, unwrap, unwrapAwait } from './code-node';
import type { BindingKind, ImportSource } from './model';
import { patternNames, propertyName } from './patterns';
import { type WalkState, assignedHere, declareHere } from './scope-ops';

/** `node:fs` is `fs`: built-in modules are compared without the prefix. */
export function normalizeModule(name: string): string {
  return name.startsWith('node:') ? name.slice(5) : name;
}

/** The text of a string literal without substitutions (escapes decoded), or undefined. */
export function jsStringValue(node: CodeNode | undefined): string | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'template_string')) return undefined;
  let out = '';
  for (const part of node.items) {
    if (part.type === 'string_fragment') out += part.text;
    else if (part.type === 'escape_sequence') out += decodeEscape(part.text);
    else return undefined;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** The character a JavaScript escape sequence stands for. */
export function decodeEscape(escape: string): string {
  const c = escape[1];
  if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c];
  if (c === 'x' || c === 'u') {
    const hex = escape.slice(2).replace(/[{}]/g, '');
    const code = Number.parseInt(hex, 16);
    return Number.isNaN(code) ? escape : String.fromCodePoint(code);
  }
  return escape.slice(1);
}

/** `require('m')`, `await import('m')`: the module named, or undefined. */
export function requiredModule(node: CodeNode | undefined): string | undefined {
  const call = unwrapAwait(node);
  if (call?.type !== 'call_expression') return undefined;
  const callee = call.field('function');
  if (callee?.type !== 'identifier' && callee?.type !== 'import') return undefined;
  if (callee.type === 'identifier' && callee.text !== 'require') return undefined;
  const args = call.field('arguments')?.items ?? [];
  const name = jsStringValue(args[0]);
  return args.length === 1 && name !== undefined ? normalizeModule(name) : undefined;
}

/** `require('m').a.b`: the module and the member path, or undefined. */
function requiredMember(node: CodeNode | undefined): (ImportSource & { rest: string[] }) | undefined {
  const path: string[] = [];
  let current = unwrapAwait(node);
  while (current?.type === 'member_expression') {
    const property = current.field('property');
    if (!property) return undefined;
    path.unshift(property.text);
    current = unwrapAwait(current.field('object'));
  }
  const module = requiredModule(current);
  if (module === undefined) return undefined;
  return { module, imported: path[0] ?? '*', rest: path.slice(1) };
}

export function declareJs(node: CodeNode, state: WalkState): void {
  switch (node.type) {
    case 'lexical_declaration':
    case 'variable_declaration':
      declareVariables(node, state);
      break;
    case 'class_declaration':
    case 'abstract_class_declaration': {
      const name = node.field('name');
      if (name) declareHere(state, 'class', name, node, { definition: node });
      break;
    }
    case 'import_statement':
      declareImports(node, state);
      break;
    case 'catch_clause':
      for (const { id } of patternNames(node.field('parameter'))) declareHere(state, 'let', id, node);
      break;
    case 'for_in_statement': {
      const kind = (['const', 'let', 'var'] as const).find((k) => node.hasToken(k));
      const left = node.field('left');
      if (kind)
        for (const { id } of patternNames(left))
          declareHere(state, kind, id, node, { iterates: node.field('right') });
      else if (left?.type === 'identifier') assignedHere(state, left, node);
      break;
    }
    case 'assignment_expression':
    case 'augmented_assignment_expression': {
      const left = unwrap(node.field('left'));
      if (left?.type === 'identifier') assignedHere(state, left, node);
      break;
    }
    default:
      break;
  }
}

function declareVariables(node: CodeNode, state: WalkState): void {
  const kind: BindingKind = node.hasToken('const') ? 'const' : node.hasToken('let') ? 'let' : 'var';
  for (const declarator of node.items) {
    if (declarator.type !== 'variable_declarator') continue;
    const init = declarator.field('value');
    const required = requiredMember(init);
    for (const { id, path } of patternNames(declarator.field('name'))) {
      if (required && path) {
        const full = [...(required.imported === '*' ? [] : [required.imported]), ...required.rest, ...path];
        declareHere(state, 'import', id, node, {
          init,
          import: { module: required.module, imported: full[0] ?? '*' },
          path: full.length > 1 ? full.slice(1) : undefined,
        });
      } else declareHere(state, kind, id, node, { init, path: path?.length ? path : undefined });
    }
  }
}

function declareImports(node: CodeNode, state: WalkState): void {
  // TypeScript's `import x = require('m')` keeps its source in the clause.
  const requireClause = node.childOfType('import_require_clause');
  const source = jsStringValue((requireClause ?? node).field('source'));
  if (source === undefined) return;
  const module = normalizeModule(source);
  for (const clause of node.items) {
    if (clause.type === 'import_require_clause') {
      const id = clause.childOfType('identifier');
      if (id) declareHere(state, 'import', id, node, { import: { module, imported: '*' } });
      continue;
    }
    if (clause.type !== 'import_clause') continue;
    for (const part of clause.items) {
      if (part.type === 'identifier')
        declareHere(state, 'import', part, node, { import: { module, imported: 'default' } });
      else if (part.type === 'namespace_import') {
        const id = part.childOfType('identifier');
        if (id) declareHere(state, 'import', id, node, { import: { module, imported: '*' } });
      } else if (part.type === 'named_imports') {
        for (const spec of part.items) {
          const name = spec.field('name');
          const local = spec.field('alias') ?? name;
          const imported = propertyName(name);
          if (local && imported !== undefined)
            declareHere(state, 'import', local, node, { import: { module, imported } });
        }
      }
    }
  }
}
