/**
 * What a function node says about itself and its place: its parameters, the name it is known by,
 * the class it is a method of, and whether it is called where it is defined. Read by the walk
 * (scopes.ts) when it records a function.
 */
import { type CodeNode, lastName, unwrap } from './code-node';

/** The parameter nodes (a lone arrow parameter, or the list without Python's `*` and `/` markers). */
export function parameterNodes(node: CodeNode): CodeNode[] {
  const single = node.field('parameter');
  if (single) return [single];
  const list = node.field('parameters');
  return list
    ? list.items.filter((p) => p.type !== 'keyword_separator' && p.type !== 'positional_separator')
    : [];
}

/** The name a function is known by: its own, or the variable, property or export it is assigned to. */
export function functionName(node: CodeNode): string | undefined {
  const own = node.field('name');
  if (own) return own.text;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === 'parenthesized_expression' ||
      parent.type === 'call_expression' ||
      parent.type === 'arguments')
  )
    parent = parent.parent;
  if (!parent) return undefined;
  if (parent.type === 'variable_declarator') return parent.field('name')?.text;
  if (parent.type === 'pair') return parent.field('key')?.text;
  if (parent.type === 'assignment_expression' || parent.type === 'assignment') {
    return lastName(unwrap(parent.field('left')));
  }
  if (parent.type === 'export_statement' && parent.hasToken('default')) return 'default';
  return undefined;
}

/** The class a method is defined in (JavaScript `method_definition`, a Python `def` in a class body). */
export function enclosingClassName(node: CodeNode, python: boolean): string | undefined {
  if (python) {
    const block = node.parent?.type === 'decorated_definition' ? node.parent.parent : node.parent;
    const cls = block?.type === 'block' ? block.parent : undefined;
    return cls?.type === 'class_definition' ? cls.field('name')?.text : undefined;
  }
  if (node.type !== 'method_definition') return undefined;
  const cls = node.parent?.parent;
  return cls?.field('name')?.text;
}

/** `(function () {...})()`, `(async () => {...})()`: the function is called where it is defined. */
export function isImmediatelyCalled(node: CodeNode): boolean {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  const call = current.parent;
  return !!call && call.type === 'call_expression' && call.field('function') === current;
}
