/**
 * What a file exports, in every style Lambda loads handlers from: CommonJS (`exports.x = ...`,
 * `module.exports.x = ...`, `module.exports = { x }`), ES modules (`export const x`, `export async
 * function x`, `export { x }`, `export default`), TypeScript (`export = x`), and Python module-level
 * names (functions, classes, assignments, imports).
 */
import { type CodeNode, unwrap } from './code-node';
import { jsStringValue } from './declare-js';
import type { CodeModel, ExportInfo } from './model';
import { propertyName } from './patterns';
import { bindingOf } from './resolve';

export interface Exports {
  exports: Map<string, ExportInfo>;
  /** Names may be exported that cannot be listed. */
  open: boolean;
}

export function readExports(model: Pick<CodeModel, 'root' | 'family'> & Partial<CodeModel>): Exports {
  const result: Exports = { exports: new Map(), open: false };
  if (model.family === 'python') pythonExports(model.root.children, result);
  else for (const statement of model.root.children) jsStatement(model as CodeModel, statement, result);
  return result;
}

function add(result: Exports, info: ExportInfo): void {
  // As at run time, the last assignment wins; for declarations there is only one.
  result.exports.set(info.name, info);
}

function isModuleExports(node: CodeNode | undefined): boolean {
  const n = unwrap(node);
  return (
    n?.type === 'member_expression' &&
    n.field('object')?.text === 'module' &&
    n.field('property')?.text === 'exports'
  );
}

function isExportsObject(node: CodeNode | undefined): boolean {
  const n = unwrap(node);
  return (n?.type === 'identifier' && n.text === 'exports') || isModuleExports(n);
}

function jsStatement(model: CodeModel, statement: CodeNode, result: Exports): void {
  if (statement.type === 'export_statement') {
    jsExportStatement(model, statement, result);
    return;
  }
  if (statement.type !== 'expression_statement') return;
  const expr = unwrap(statement.items[0]);
  if (expr?.type === 'assignment_expression') {
    const left = unwrap(expr.field('left'));
    const right = expr.field('right');
    if (left?.type === 'member_expression' && isExportsObject(left.field('object'))) {
      const property = left.field('property');
      if (property) add(result, { name: property.text, site: property, value: right });
    } else if (left?.type === 'subscript_expression' && isExportsObject(left.field('object'))) {
      const key = jsStringValue(left.field('index'));
      if (key !== undefined) add(result, { name: key, site: left.field('index')!, value: right });
      else result.open = true;
    } else if (isModuleExports(left)) assignModuleExports(model, right, result);
  } else if (expr?.type === 'call_expression') {
    exportingCall(expr, result);
  }
}

/** `module.exports = value`: an object's keys are the exports; a function or class exports no names. */
function assignModuleExports(model: CodeModel, value: CodeNode | undefined, result: Exports): void {
  result.exports.clear();
  let target = unwrap(value);
  if (target?.type === 'identifier') {
    const binding = bindingOf(model, target);
    target = unwrap(binding?.init ?? binding?.definition);
  }
  if (target?.type === 'object') objectExports(target, result);
  else if (
    !target ||
    !['function_expression', 'arrow_function', 'class', 'function_declaration', 'class_declaration'].includes(
      target.type,
    )
  )
    result.open = true;
}

function objectExports(object: CodeNode, result: Exports): void {
  for (const entry of object.items) {
    if (entry.type === 'shorthand_property_identifier')
      add(result, { name: entry.text, site: entry, value: entry, local: entry.text });
    else if (entry.type === 'pair') {
      const name = propertyName(entry.field('key'));
      if (name === undefined) result.open = true;
      else add(result, { name, site: entry.field('key')!, value: entry.field('value') });
    } else if (entry.type === 'method_definition') {
      const name = entry.field('name');
      if (name) add(result, { name: name.text, site: name, value: entry });
    } else result.open = true; // spread: names from elsewhere
  }
}

/** `Object.defineProperty(exports, 'x', ...)` (compiled TypeScript) and `Object.assign(module.exports, {...})`. */
function exportingCall(call: CodeNode, result: Exports): void {
  const callee = call.field('function');
  if (callee?.type !== 'member_expression' || callee.field('object')?.text !== 'Object') return;
  const method = callee.field('property')?.text;
  const args = call.field('arguments')?.items ?? [];
  if (!isExportsObject(args[0])) return;
  if (method === 'defineProperty') {
    const name = jsStringValue(args[1]);
    if (name !== undefined) add(result, { name, site: args[1], value: args[2] });
    else result.open = true;
  } else if (method === 'assign') {
    for (const source of args.slice(1)) {
      const object = unwrap(source);
      if (object?.type === 'object') objectExports(object, result);
      else result.open = true;
    }
  }
}

function jsExportStatement(model: CodeModel, statement: CodeNode, result: Exports): void {
  const source = jsStringValue(statement.field('source'));
  const isDefault = statement.hasToken('default');
  const declaration = statement.field('declaration');
  const clause = statement.childOfType('export_clause');
  if (statement.hasToken('*')) {
    const namespace = statement.childOfType('namespace_export');
    const name = namespace?.items[0];
    if (name) add(result, { name: propertyName(name) ?? name.text, site: name, from: source });
    else result.open = true;
    return;
  }
  if (clause) {
    for (const spec of clause.items) {
      const name = spec.field('name');
      const alias = spec.field('alias') ?? name;
      const exported = propertyName(alias);
      if (!name || !alias || exported === undefined) continue;
      add(result, { name: exported, site: alias, local: source ? undefined : name.text, from: source });
    }
    return;
  }
  if (declaration) {
    if (isDefault) {
      add(result, { name: 'default', site: declaration.field('name') ?? declaration, value: declaration });
      return;
    }
    if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
      for (const declarator of declaration.items) {
        const name = declarator.field('name');
        if (name?.type === 'identifier')
          add(result, { name: name.text, site: name, value: declarator.field('value') });
        else if (name) result.open = true; // destructured exports: rare, not followed
      }
      return;
    }
    const name = declaration.field('name');
    if (name) add(result, { name: name.text, site: name, value: declaration });
    return;
  }
  const value = statement.field('value');
  if (isDefault && value) {
    add(result, { name: 'default', site: value, value });
    return;
  }
  // TypeScript `export = x`.
  if (statement.hasToken('=')) assignModuleExports(model, statement.items[0], result);
}

function pythonExports(statements: readonly CodeNode[], result: Exports): void {
  for (const statement of statements) {
    switch (statement.type) {
      case 'function_definition':
      case 'class_definition': {
        const name = statement.field('name');
        if (name) add(result, { name: name.text, site: name, value: statement });
        break;
      }
      case 'decorated_definition': {
        const definition = statement.field('definition');
        const name = definition?.field('name');
        if (name && definition) add(result, { name: name.text, site: name, value: definition });
        break;
      }
      case 'expression_statement': {
        const assignment = statement.items[0];
        if (assignment?.type !== 'assignment') break;
        const left = assignment.field('left');
        if (left?.type === 'identifier')
          add(result, { name: left.text, site: left, value: assignment.field('right') });
        break;
      }
      case 'import_from_statement': {
        if (statement.childOfType('wildcard_import')) result.open = true;
        const module = statement.field('module_name')?.text;
        for (const name of statement.fieldAll('name')) {
          const local =
            name.type === 'aliased_import' ? name.field('alias') : name.items[name.items.length - 1];
          if (local) add(result, { name: local.text, site: local, from: module });
        }
        break;
      }
      case 'import_statement':
        for (const name of statement.fieldAll('name')) {
          const local = name.type === 'aliased_import' ? name.field('alias') : name.items[0];
          if (local) add(result, { name: local.text, site: local });
        }
        break;
      case 'if_statement':
      case 'try_statement':
      case 'with_statement':
        // Conditional definitions (`try: import x except ImportError: ...`) still define module names.
        for (const part of statement.items) {
          const block = part.type === 'block' ? part : part.childOfType('block');
          if (block) pythonExports(block.children, result);
        }
        break;
      default:
        break;
    }
  }
}
