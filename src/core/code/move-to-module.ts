/**
 * The fix that moves a declaration out of a function to module scope, keeping its formatting:
 * `const s3 = new S3Client({})` (or Python `s3 = boto3.client('s3')`) written in a handler moves
 * above the handler's top-level statement. Offered only when it cannot change what the code does:
 * the value uses nothing local to the function (literals, module-level names declared before the
 * new place, `process.env`, `os.environ`), the name is assigned once and is free at module level,
 * and nothing is awaited.
 */
import { type CodeNode, unwrap } from './code-node';
import type { CodeModel, FunctionInfo } from './model';
import { bindingOf } from './resolve';
import {
  dedentBlock,
  identifiersRead,
  insertionPointBefore,
  lineStart,
  ownLines,
  topLevelStatement,
} from './rule-support';
import { isFunctionNode } from './scope-ops';
import type { OffsetEdit } from '../fix/edits';

/** Globals a module-level initializer may read: they exist before any module code runs. */
const SAFE_GLOBALS = new Set([
  'process',
  'JSON',
  'Number',
  'String',
  'Boolean',
  'Math',
  'Object',
  'Array',
  'parseInt',
  'parseFloat',
  'undefined',
  'Infinity',
  'Buffer',
  'URL',
  // Python builtins
  'int',
  'str',
  'float',
  'bool',
  'dict',
  'list',
  'tuple',
  'len',
]);

/** The declaration statement a value initializes, when it is all of the initializer of one plain name. */
function declarationOf(
  model: CodeModel,
  value: CodeNode,
): { statement: CodeNode; name: CodeNode } | undefined {
  let node = value;
  while (
    node.parent &&
    ['parenthesized_expression', 'as_expression', 'satisfies_expression'].includes(node.parent.type)
  )
    node = node.parent;
  const parent = node.parent;
  if (model.family === 'node') {
    if (parent?.type !== 'variable_declarator' || node.fieldName !== 'value') return undefined;
    const statement = parent.parent;
    const name = parent.field('name');
    if (!statement || name?.type !== 'identifier' || statement.items.length !== 1) return undefined;
    if (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration')
      return undefined;
    return { statement, name };
  }
  if (parent?.type !== 'assignment' || node.fieldName !== 'right') return undefined;
  const name = parent.field('left');
  const statement = parent.parent;
  if (
    name?.type !== 'identifier' ||
    statement?.type !== 'expression_statement' ||
    statement.items.length !== 1
  )
    return undefined;
  return { statement, name };
}

/** Edits moving the declaration that `value` initializes to module scope, or undefined when that is not safe. */
export function moveToModuleEdits(
  model: CodeModel,
  value: CodeNode,
  fn: FunctionInfo,
): OffsetEdit[] | undefined {
  const declaration = declarationOf(model, value);
  if (!declaration) return undefined;
  const { statement, name } = declaration;
  // Only statements directly in the function's body: one inside an `if` or a loop may not run at all.
  if (statement.parent !== fn.body || unwrap(value) !== value) return undefined;
  if (model.family === 'python' && fn.body.items.length < 2) return undefined; // the body would be empty
  const binding = bindingOf(model, name);
  if (!binding || binding.id !== name || binding.assignments.length > 0) return undefined;
  if (model.moduleScope.bindings.has(name.text)) return undefined;
  const top = topLevelStatement(model, fn.node);
  const lines = ownLines(model, statement);
  if (!top || !lines) return undefined;
  const insertAt = insertionPointBefore(model, top);
  if (!readsOnlyModuleNames(model, value, insertAt)) return undefined;
  const indent = model.text.slice(lineStart(model.text, statement.start), statement.start);
  const moved = dedentBlock(model.text.slice(lines.start, lines.end), indent);
  const separator = model.family === 'python' ? '\n\n' : '\n';
  return [
    {
      start: insertAt,
      end: insertAt,
      newText: moved.endsWith('\n') ? moved + separator : `${moved}\n${separator}`,
    },
    { start: lines.start, end: lines.end, newText: '' },
  ];
}

/** True when every name the value reads is a module-level name declared before `before`, or a safe global. */
function readsOnlyModuleNames(model: CodeModel, value: CodeNode, before: number): boolean {
  let nested = false;
  value.walk((n) => {
    if (n !== value && isFunctionNode(n)) nested = true;
    return !nested;
  });
  if (nested) return false;
  for (const id of identifiersRead(value)) {
    const binding = bindingOf(model, id);
    if (!binding) {
      if (!SAFE_GLOBALS.has(id.text)) return false;
      continue;
    }
    if (binding.scope !== model.moduleScope) return false;
    // ES imports are hoisted; anything else must be written before the new place.
    if (binding.declaration.type !== 'import_statement' && binding.declaration.end > before) return false;
  }
  return true;
}
