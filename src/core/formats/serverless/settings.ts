/**
 * A function's settings as the framework reads them (lib/plugins/aws/package/compile/functions.js):
 * a `resources` override of the generated function first, then the function's own key, then the
 * `provider` block for the keys it offers. `vpc` is merged part by part (`securityGroupIds` and
 * `subnetIds` each from the function, else the provider) and attaches nothing unless both parts are
 * there; `vpc: null` or `vpc: false` opts a function out.
 */
import type { MapNode, Node, Pair } from '../../parse/ast';
import { deref, get } from '../../parse/ast';
import type { SettingKey, Value } from '../../model/types';
import { PROPERTY_NAMES } from '../cloudformation/names';
import { PROVIDER_KEYS, SETTING_KEYS } from './names';
import {
  type ServiceFunction,
  type ServiceModel,
  isNullOrFalse,
  overridePair,
  ownPair,
  providerPair,
} from './service';

/** Where a function's effective setting is written, and its value there. */
export interface WrittenSetting {
  from: 'override' | 'own' | 'provider';
  /** The key as written (`memorySize`, or the CloudFormation property of an override). */
  name: string;
  container: MapNode;
  pair: Pair;
  value: Value;
  /** True when the value is written here as a literal (a fix may replace it). */
  literal: boolean;
  /** False when removing the key would not remove the setting (the provider's would apply instead). */
  removable: boolean;
}

function nothing(node: Node | undefined): boolean {
  const target = deref(node);
  return (
    target?.kind === 'scalar' &&
    !target.tag &&
    target.style === 'plain' &&
    /^(?:|~|null|Null|NULL)$/.test(target.value)
  );
}

/** The framework's value of a key written on a function or the provider, as the setting means it. */
function meaning(model: ServiceModel, key: SettingKey, node: Node): Value {
  // `image` is the container packaging itself, whatever the image is.
  if (key === 'packageType') return { kind: 'literal', value: 'Image' };
  return model.variables.value(node);
}

/** An override's CloudFormation value as the setting means it (`EphemeralStorage.Size`, the first architecture). */
function overrideMeaning(model: ServiceModel, key: SettingKey, node: Node): Value {
  const value = model.variables.value(key === 'ephemeralStorage' ? (get(node, 'Size') ?? node) : node);
  if (key === 'architecture' && value.kind !== 'dynamic' && Array.isArray(value.value))
    return { ...value, value: value.value[0] ?? 'x86_64' };
  return value;
}

function isLiteral(model: ServiceModel, node: Node): boolean {
  const target = deref(node);
  return target?.kind === 'scalar' && !target.tag && model.variables.value(target).kind === 'literal';
}

/** A function's effective setting: where it is written and its value; undefined when the framework's default applies. */
export function writtenSetting(
  model: ServiceModel,
  fn: ServiceFunction,
  key: SettingKey,
): WrittenSetting | undefined {
  const property = PROPERTY_NAMES[key][key === 'deadLetterQueue' ? 1 : 0];
  const override = overridePair(fn, property);
  if (override)
    return {
      from: 'override',
      name: property,
      container: override.container,
      pair: override.pair,
      value: overrideMeaning(model, key, override.pair.value),
      literal: isLiteral(model, override.pair.value),
      removable: true,
    };
  if (key === 'vpc') return vpcSetting(model, fn);
  const name = SETTING_KEYS[key];
  const own = ownPair(fn, name);
  // `memorySize: ` with nothing is unset: the framework falls back (`functionObject.memorySize || provider…`).
  if (own && !nothing(own.value))
    return {
      from: 'own',
      name,
      container: fn.body!,
      pair: own,
      value: meaning(model, key, own.value),
      literal: isLiteral(model, own.value),
      removable: true,
    };
  if (!PROVIDER_KEYS.has(key)) return undefined;
  const inherited = providerPair(model, name);
  if (!inherited || nothing(inherited.value)) return undefined;
  return {
    from: 'provider',
    name,
    container: model.provider!,
    pair: inherited,
    value: meaning(model, key, inherited.value),
    literal: isLiteral(model, inherited.value),
    removable: true,
  };
}

/** A VPC part (`securityGroupIds`, `subnetIds`) as given: a non-empty list, or any other non-null value. */
function part(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const given = (value as Record<string, unknown>)[name];
  return given === null || given === undefined || (Array.isArray(given) && given.length === 0)
    ? undefined
    : given;
}

/**
 * The VPC a function is attached to, as functions.js merges it: each part from the function, else
 * from the provider; no VPC unless both parts are there.
 */
function vpcSetting(model: ServiceModel, fn: ServiceFunction): WrittenSetting | undefined {
  const own = ownPair(fn, 'vpc');
  const inherited = providerPair(model, 'vpc');
  const providerValue =
    inherited && !isNullOrFalse(inherited.value) ? model.variables.value(inherited.value) : undefined;
  if (own) {
    // Removing the function's own key would attach it to the provider's VPC instead.
    const removable = providerValue === undefined;
    const base = { from: 'own' as const, name: 'vpc', container: fn.body!, pair: own, removable };
    if (isNullOrFalse(own.value)) return { ...base, value: { kind: 'literal', value: null }, literal: false };
    const value = model.variables.value(own.value);
    const literal = isLiteral(model, own.value);
    if (value.kind === 'dynamic') return { ...base, value, literal };
    if (
      providerValue?.kind === 'dynamic' &&
      (!part(value.value, 'securityGroupIds') || !part(value.value, 'subnetIds'))
    )
      return { ...base, value: providerValue, literal };
    const provided = providerValue?.kind === 'dynamic' ? undefined : providerValue?.value;
    const securityGroupIds = part(value.value, 'securityGroupIds') ?? part(provided, 'securityGroupIds');
    const subnetIds = part(value.value, 'subnetIds') ?? part(provided, 'subnetIds');
    if (securityGroupIds === undefined || subnetIds === undefined)
      return { ...base, value: { kind: 'literal', value: null }, literal };
    const merged = { securityGroupIds, subnetIds };
    const fromProvider = !part(value.value, 'securityGroupIds') || !part(value.value, 'subnetIds');
    return {
      ...base,
      literal,
      value: fromProvider
        ? { kind: 'indirect', value: merged, via: 'provider.vpc' }
        : value.kind === 'indirect'
          ? { ...value, value: merged }
          : { kind: 'literal', value: merged },
    };
  }
  if (!inherited || !providerValue) return undefined;
  const complete =
    providerValue.kind === 'dynamic' ||
    (part(providerValue.value, 'securityGroupIds') !== undefined &&
      part(providerValue.value, 'subnetIds') !== undefined);
  return {
    from: 'provider',
    name: 'vpc',
    container: model.provider!,
    pair: inherited,
    value: complete ? providerValue : { kind: 'literal', value: null },
    literal: isLiteral(model, inherited.value),
    removable: true,
  };
}
