/**
 * Python declarations: imports, assignments (a name assigned in a function is local to it unless
 * declared `global` or `nonlocal`), loop targets, and `as` targets of `with` and `except`.
 */
import type { CodeNode } from './code-node';
import { patternNames } from './patterns';
import {
  type WalkState,
  assignNameHere,
  assignedHere,
  declareHere,
  loopTargetHere,
  nonLocalHere,
} from './scope-ops';

/** `a.b.c` of a dotted name. */
function dotted(node: CodeNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'dotted_name' || node.type === 'identifier') return node.text.replace(/\s+/g, '');
  if (node.type === 'relative_import') return node.text.replace(/\s+/g, '');
  return undefined;
}

export function declarePython(node: CodeNode, state: WalkState): void {
  switch (node.type) {
    case 'import_statement':
      for (const name of node.fieldAll('name')) {
        if (name.type === 'aliased_import') {
          const module = dotted(name.field('name'));
          const alias = name.field('alias');
          if (module && alias)
            declareHere(state, 'import', alias, node, { import: { module, imported: '*' } });
        } else {
          // `import os.path` binds `os`, the top-level package.
          const first = name.type === 'dotted_name' ? name.items[0] : name;
          if (first)
            declareHere(state, 'import', first, node, { import: { module: first.text, imported: '*' } });
        }
      }
      break;
    case 'import_from_statement': {
      const module = dotted(node.field('module_name'));
      if (!module) break;
      for (const name of node.fieldAll('name')) {
        const imported = name.type === 'aliased_import' ? name.field('name') : name;
        const local =
          name.type === 'aliased_import' ? name.field('alias') : name.items[name.items.length - 1];
        const importedName = dotted(imported);
        if (local && importedName)
          declareHere(state, 'import', local, node, { import: { module, imported: importedName } });
      }
      break;
    }
    case 'global_statement':
    case 'nonlocal_statement':
      for (const id of node.items) if (id.type === 'identifier') nonLocalHere(state, id.text);
      break;
    case 'assignment':
    case 'augmented_assignment':
      assign(node, state);
      break;
    case 'named_expression': {
      const name = node.field('name');
      if (name) assignNameHere(state, name, node, node.field('value'));
      break;
    }
    case 'for_statement':
    case 'for_in_clause':
      for (const { id } of patternNames(node.field('left')))
        loopTargetHere(state, id, node, node.field('right'));
      break;
    case 'as_pattern': {
      const alias = node.field('alias');
      const value = node.items[0];
      for (const { id } of patternNames(alias)) assignNameHere(state, id, node, value);
      break;
    }
    default:
      break;
  }
}

function assign(node: CodeNode, state: WalkState): void {
  const left = node.field('left');
  const right = node.field('right');
  if (!left) return;
  if (left.type === 'identifier') {
    if (node.type === 'augmented_assignment') assignedHere(state, left, node);
    else assignNameHere(state, left, node, right);
    return;
  }
  // The first assignment in a scope declares the name there; later ones (and `global` names) are assignments.
  for (const { id } of patternNames(left)) assignNameHere(state, id, node, undefined);
}
