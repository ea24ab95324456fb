/**
 * A template's settings as the model gives them to rules: every place a function property is written,
 * grouped so that a `Globals` setting is one setting naming every function that takes it.
 */
import { type Node, asSeq, get, keyText } from '../../parse/ast';
import type { LambdaFunction, Setting, SettingKey, Site, Span, Value } from '../../model/types';
import { type OffsetEdit, removePair, replaceNode } from '../../fix/edits';
import type { FunctionProperty, LambdaFunction as TemplateFunction, TemplateModel } from './types';
import { PROPERTY_NAMES } from './names';
import { listItemsMatching, nodeSpan, pairSpan, render } from './sites';
import { type Resolved, asString, resolve } from './values';
import { keepShape } from '../../keep-shape';

/** Where SAM merges inherited function settings from. */
const GLOBALS = 'Globals';

/**
 * A property written in one place, as a setting of the functions that take it. It is its own site:
 * thousands of settings are read per lint, and a finding on one needs no second object.
 */
export class TemplateSetting implements Setting, Site {
  // Plain stores in the constructor, not class fields: thousands are made per lint.
  declare readonly key: SettingKey;
  declare readonly name: string;
  /** The property as the template model read it (for the adapter's own use). */
  declare readonly property: FunctionProperty;
  declare readonly functions: readonly LambdaFunction[];
  declare private readonly template: TemplateModel;
  declare private cachedValue: Value | undefined;

  constructor(
    key: SettingKey,
    name: string,
    property: FunctionProperty,
    functions: readonly LambdaFunction[],
    template: TemplateModel,
  ) {
    this.key = key;
    this.name = name;
    this.property = property;
    this.functions = functions;
    this.template = template;
    this.cachedValue = undefined;
  }

  get value(): Value {
    return (this.cachedValue ??= valueOf(this.key, this.property, this.template));
  }

  get site(): Site {
    return this;
  }

  get inheritedFrom(): string | undefined {
    return this.property.fromGlobals ? GLOBALS : undefined;
  }

  get span(): Span {
    const target = targetOf(this.key, this.property);
    return target === this.property.pair.value ? pairSpan(this.property.pair) : nodeSpan(target!);
  }

  remove(): OffsetEdit[] {
    return removePair(this.template.doc, this.property.container, this.property.pair);
  }

  /** Replaces the value where it is a literal (never a parameter or an intrinsic). */
  setValue(value: string | number): OffsetEdit[] | undefined {
    const target = targetOf(this.key, this.property);
    if (!target || this.value.kind !== 'literal') return undefined;
    return [replaceNode(target, render(this.template, value))];
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(pattern: RegExp): readonly Span[] {
    return listItemsMatching(this.template, this.property.pair, pattern);
  }
}
keepShape(new TemplateSetting('timeout', '', {} as never, [], {} as never));

/** The node that holds a setting's value: `EphemeralStorage` is written as `{ Size: n }`. */
function targetOf(key: SettingKey, property: FunctionProperty): Node | undefined {
  return key === 'ephemeralStorage' ? get(property.pair.value, 'Size') : property.pair.value;
}

/** A property's value as the setting means it. */
export function valueOf(key: SettingKey, property: FunctionProperty, template: TemplateModel): Value {
  if (key === 'ephemeralStorage') {
    const size = targetOf(key, property);
    return size ? resolve(size, template.parameters) : { kind: 'literal', value: undefined };
  }
  if (key === 'architecture') return architecture(property.resolved, property, template);
  return property.resolved;
}

/** The first of `Architectures` (the one Lambda runs): x86_64 when the list is empty. */
function architecture(resolved: Resolved, property: FunctionProperty, template: TemplateModel): Value {
  // A CommaDelimitedList parameter's default is one string.
  if (resolved.kind === 'indirect') {
    const first = asString(resolved)?.split(',')[0].trim();
    return first === undefined ? { kind: 'dynamic', reason: resolved.via } : { ...resolved, value: first };
  }
  if (resolved.kind === 'dynamic') return resolved;
  const first = asSeq(property.pair.value)?.items[0];
  return first ? resolve(first, template.parameters) : { kind: 'literal', value: 'x86_64' };
}

/**
 * The property a function's setting is written as (its own or inherited), under the first of the
 * setting's names the function has. Indexed: rules that run in full ask every function on every re-lint.
 */
export function propertyOf(key: SettingKey, fn: TemplateFunction): FunctionProperty | undefined {
  const names = PROPERTY_NAMES[key];
  for (let i = 0; i < names.length; i++) {
    const property = fn.props.get(names[i]);
    if (property) return property;
  }
  return undefined;
}

/** A function's own setting (not grouped with other functions). */
export function ownSetting(
  key: SettingKey,
  fn: TemplateFunction,
  view: LambdaFunction,
  template: TemplateModel,
): Setting | undefined {
  const property = propertyOf(key, fn);
  return property && new TemplateSetting(key, keyText(property.pair.key)!, property, [view], template);
}

/** Per model: the settings found so far by key, and the properties of the asked-for names. */
interface SettingsCache {
  /** The names of this model's run (see namesOfRun), shared with the next model of the same run. */
  names: Set<string>;
  byKey: Map<SettingKey, Setting[]>;
  written: Map<string, Written>;
}

/**
 * Where one property name is written: for each function that has it, a list holding just the
 * function (one per function, shared by all its own settings and never changed), then the property.
 */
type Written = (readonly LambdaFunction[] | FunctionProperty)[];

/**
 * The property names asked for a model, by the name asked first. Rules run in a fixed order, so the
 * first name identifies the run: a full lint asks for about ten names, a re-lint for three on the
 * whole model (the rules that run in full) and the rest on the changed functions only. The first
 * call for a model finds all the names its run asked for last time in one pass over each function's
 * properties: one walk of each function's map costs less than a look-up per name in thousands of
 * maps that are no longer in the CPU's cache.
 */
const namesOfRun = new Map<string, Set<string>>();

/** The functions of a model: the template's, and the views rules see, index by index. */
export interface FunctionPairs {
  template: TemplateModel;
  templateFunctions: readonly TemplateFunction[];
  functions: readonly LambdaFunction[];
}

const caches = new WeakMap<FunctionPairs, SettingsCache>();

/** Every place a setting is written, with the functions that take it (computed once per model). */
export function settingsOf(model: FunctionPairs, key: SettingKey): Setting[] {
  const names = PROPERTY_NAMES[key];
  let cache = caches.get(model);
  if (!cache) {
    let runNames = namesOfRun.get(names[0]);
    if (!runNames) namesOfRun.set(names[0], (runNames = new Set([names[0]])));
    cache = { names: runNames, byKey: new Map(), written: propertiesByName(model, runNames) };
    caches.set(model, cache);
  }
  let found = cache.byKey.get(key);
  if (!found) {
    found = [];
    for (const name of names) {
      let written = cache.written.get(name);
      if (!written) {
        cache.names.add(name);
        written = propertiesByName(model, new Set([name])).get(name)!;
      }
      collectSettings(written, key, name, model.template, found);
    }
    cache.byKey.set(key, found);
  }
  return found;
}

function propertiesByName(model: FunctionPairs, names: ReadonlySet<string>): Map<string, Written> {
  const out = new Map<string, Written>();
  for (const name of names) out.set(name, []);
  // Map.forEach with one callback: `for...of` would make an entry pair for every property.
  let view: LambdaFunction;
  let alone: readonly LambdaFunction[] | undefined;
  const visit = (prop: FunctionProperty, name: string) => out.get(name)?.push((alone ??= [view]), prop);
  const { templateFunctions, functions } = model;
  for (let i = 0; i < templateFunctions.length; i++) {
    view = functions[i];
    alone = undefined;
    templateFunctions[i].props.forEach(visit);
  }
  return out;
}

function collectSettings(
  written: Written,
  key: SettingKey,
  name: string,
  template: TemplateModel,
  out: Setting[],
): void {
  // A function's own pair is its alone; only Globals pairs are shared and need grouping.
  const shared = new Map<FunctionProperty['pair'], { functions: LambdaFunction[] }>();
  const add = (prop: FunctionProperty, alone: readonly LambdaFunction[]) => {
    if (key === 'ephemeralStorage' && !get(prop.pair.value, 'Size')) return;
    if (!prop.fromGlobals) {
      out.push(new TemplateSetting(key, name, prop, alone, template));
      return;
    }
    let group = shared.get(prop.pair);
    if (!group) {
      // A Globals setting's own list, filled here.
      group = { functions: [] };
      shared.set(prop.pair, group);
      out.push(new TemplateSetting(key, name, prop, group.functions, template));
    }
    group.functions.push(alone[0]);
  };
  for (let i = 0; i < written.length; i += 2) {
    const alone = written[i] as readonly LambdaFunction[];
    const own = written[i + 1] as FunctionProperty;
    add(own, alone);
    // A Globals list or map that SAM merges into the function's own applies to the function as well.
    if (own.inherited) add(own.inherited, alone);
  }
}
