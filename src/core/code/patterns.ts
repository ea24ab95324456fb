/** The names a binding pattern declares (parameters, destructuring, Python targets), with their paths. */
import type { CodeNode } from './code-node';

export interface PatternName {
  id: CodeNode;
  /** Property names from the destructured value to this name; undefined when not a plain property path. */
  path: string[] | undefined;
}

/** Every name a pattern binds: `a`, `{ a, b: { c } }`, `[a, ...b]`, `x = 1`, `(a, b)`, `*rest`... */
export function patternNames(
  pattern: CodeNode | undefined,
  path: string[] | undefined = [],
  out: PatternName[] = [],
): PatternName[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      out.push({ id: pattern, path });
      break;
    case 'object_pattern':
      for (const item of pattern.items) {
        if (item.type === 'shorthand_property_identifier_pattern')
          patternNames(item, path && [...path, item.text], out);
        else if (item.type === 'object_assignment_pattern') {
          const left = item.field('left');
          patternNames(left, path && left && [...path, left.text], out);
        } else if (item.type === 'pair_pattern') {
          const key = propertyName(item.field('key'));
          patternNames(item.field('value'), path && key !== undefined ? [...path, key] : undefined, out);
        } else patternNames(item, undefined, out);
      }
      break;
    case 'array_pattern':
    case 'list_pattern':
    case 'tuple_pattern':
    case 'pattern_list':
      for (const item of pattern.items) patternNames(item, undefined, out);
      break;
    case 'assignment_pattern':
      patternNames(pattern.field('left'), path, out);
      break;
    case 'rest_pattern':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'parenthesized_expression':
    case 'as_pattern_target':
      for (const item of pattern.items) patternNames(item, undefined, out);
      break;
    // TypeScript parameters
    case 'required_parameter':
    case 'optional_parameter':
      patternNames(pattern.field('pattern'), path, out);
      break;
    // Python parameters
    case 'default_parameter':
    case 'typed_default_parameter':
      patternNames(pattern.field('name'), path, out);
      break;
    case 'typed_parameter':
      patternNames(
        pattern.items.find((c) => c.type !== 'type'),
        path,
        out,
      );
      break;
    default:
      break;
  }
  return out;
}

/** The name of an object key or property: `a`, `'a'`, `"a"`, or undefined when computed. */
export function propertyName(node: CodeNode | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'property_identifier':
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'private_property_identifier':
    case 'number':
      return node.text;
    case 'string': {
      const fragments = node.items;
      return fragments.every((f) => f.type === 'string_fragment')
        ? fragments.map((f) => f.text).join('')
        : undefined;
    }
    default:
      return undefined;
  }
}
