/**
 * A construct's props as written: a TypeScript object literal (`{ memorySize: 512, ...shared }`) or
 * Python keyword arguments (`memory_size=512, **shared`). Spread objects and `**` dictionaries defined
 * in the same file are read where they are defined (a prop written there names the spread, as
 * `inheritedFrom`); later props win over earlier ones, as in JavaScript. A spread that cannot be
 * read (a parameter, a call) leaves the props `open`: anything may come from it.
 */
import { type CodeNode, unwrap } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import { propertyName } from '../../code/patterns';
import { bindingOf } from '../../code/resolve';
import { camelCase } from './names';

/** One prop as written. */
export interface WrittenProp {
  /** The name as written (`memorySize`, `memory_size`). */
  name: string;
  /** The pair, shorthand property or keyword argument: what a finding underlines and a removal takes. */
  node: CodeNode;
  /** The value expression (the identifier itself for a shorthand `{ vpc }`). */
  value: CodeNode;
  /** The object literal or argument list holding it. */
  container: CodeNode;
  /** The spread object's name when the prop comes from one (`shared` of `...shared`). */
  from: string | undefined;
}

export interface Props {
  /** Effective props by their TypeScript name. */
  byName: Map<string, WrittenProp>;
  /** The object literal or argument list written at the construct itself (where settings are inserted). */
  own: CodeNode | undefined;
  /** True when some props come from what cannot be read here (an unknown spread or props variable). */
  open: boolean;
}

const MAX_DEPTH = 8;

function emptyProps(): Props {
  return { byName: new Map(), own: undefined, open: false };
}

/** The object literal an expression names in this file (through `const` names), with the name it went through. */
function objectLiteral(
  model: CodeModel,
  node: CodeNode | undefined,
  depth = 0,
): { object: CodeNode; via: string | undefined } | undefined {
  const expr = unwrap(node);
  if (!expr || depth > MAX_DEPTH) return undefined;
  if (expr.type === 'object' || expr.type === 'dictionary') return { object: expr, via: undefined };
  if (expr.type === 'call' && model.family === 'python' && expr.field('function')?.text === 'dict')
    return { object: expr.field('arguments')!, via: undefined };
  if (expr.type !== 'identifier') return undefined;
  const binding = bindingOf(model, expr);
  if (!binding?.init || binding.path || binding.iterates || binding.assignments.length > 0) return undefined;
  if (binding.kind !== 'const' && binding.kind !== 'var' && binding.kind !== 'let') return undefined;
  const found = objectLiteral(model, binding.init, depth + 1);
  return found && { object: found.object, via: found.via ?? expr.text };
}

/** Reads the props of a TypeScript object literal, a Python dict or a Python call's keyword arguments into `props`. */
function readInto(
  model: CodeModel,
  container: CodeNode,
  from: string | undefined,
  props: Props,
  depth: number,
): void {
  for (const item of container.items) {
    switch (item.type) {
      case 'pair': {
        const key = item.field('key');
        const name = key?.type === 'string' ? stringKey(key) : propertyName(key);
        const value = item.field('value');
        if (name === undefined || !value) {
          props.open ||= key?.type === 'computed_property_name';
          break;
        }
        set(props, { name, node: item, value, container, from });
        break;
      }
      case 'shorthand_property_identifier':
        set(props, { name: item.text, node: item, value: item, container, from });
        break;
      case 'keyword_argument': {
        const name = item.field('name');
        const value = item.field('value');
        if (name && value) set(props, { name: name.text, node: item, value, container, from });
        break;
      }
      case 'spread_element':
      case 'dictionary_splat': {
        const inner = item.items[0];
        const found = depth < MAX_DEPTH ? objectLiteral(model, inner) : undefined;
        if (found) readInto(model, found.object, from ?? found.via ?? inner?.text, props, depth + 1);
        else props.open = true;
        break;
      }
      default:
        break;
    }
  }
}

function stringKey(key: CodeNode): string | undefined {
  const text = key.text;
  return /^(['"])[A-Za-z_$][\w$]*\1$/.test(text) ? text.slice(1, -1) : undefined;
}

function set(props: Props, prop: WrittenProp): void {
  const key = camelCase(prop.name);
  // Re-inserted so that iteration follows the effective order.
  props.byName.delete(key);
  props.byName.set(key, prop);
}

/**
 * The props of a TypeScript construct call: its props argument (`new X(scope, id, props)`), an object
 * literal, or a name bound to one in this file. `open` when it is something else.
 */
export function readPropsArgument(model: CodeModel, arg: CodeNode | undefined): Props {
  const props = emptyProps();
  if (!arg) return props;
  const expr = unwrap(arg);
  if (expr?.type === 'object') {
    props.own = expr;
    readInto(model, expr, undefined, props, 0);
    return props;
  }
  const found = objectLiteral(model, expr);
  if (found) readInto(model, found.object, found.via, props, 0);
  else props.open = expr?.type !== 'undefined' && expr?.type !== 'null';
  return props;
}

/** The keyword arguments of a Python call (positional ones are not props). */
export function readKeywordArguments(model: CodeModel, argumentList: CodeNode | undefined): Props {
  const props = emptyProps();
  if (!argumentList) return props;
  props.own = argumentList;
  readInto(model, argumentList, undefined, props, 0);
  return props;
}

/** A nested props object (`currentVersionOptions: { … }`, `deadLetterQueue={…}`), read the same way. */
export function readNestedProps(model: CodeModel, value: CodeNode | undefined): Props {
  const expr = unwrap(value);
  if (expr?.type === 'call' && model.family === 'python') {
    // Python passes nested props as a struct: `lambda_.VersionOptions(provisioned_concurrent_executions=2)`.
    return readKeywordArguments(model, expr.field('arguments'));
  }
  return readPropsArgument(model, expr);
}
