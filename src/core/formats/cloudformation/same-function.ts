/**
 * Whether two builds of a function describe it identically: what an incremental re-lint asks of every
 * function, to run the function-scoped rules again only for those that changed.
 *
 * Each record the comparison reads has a table with one check per field, typed so that a field added
 * to the record without a check is a compile error (`FieldChecks`): a re-lint that ignored a new field
 * would keep stale findings.
 */
import type { EventSourceMapping, LambdaFunction, ProvisionedConcurrency, Schedule } from './types';
import type { Resolved } from './values';

/** One check per field of `T`, every field included (optional ones too). */
export type FieldChecks<T> = { readonly [K in keyof T]-?: (a: T, b: T) => boolean };

/** The checks of a table, in an array: an indexed loop over it runs for every function on every re-lint. */
function allOf<T>(checks: FieldChecks<T>): (a: T, b: T) => boolean {
  const list = Object.values(checks) as ((a: T, b: T) => boolean)[];
  return (a, b) => {
    for (let i = 0; i < list.length; i++) if (!list[i](a, b)) return false;
    return true;
  };
}

/** Element-wise equal lists (a loop, not `every`). */
function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}
const identical = <T>(x: T, y: T): boolean => x === y;
const sameResolved = (x: Resolved | undefined, y: Resolved | undefined): boolean =>
  x === y || (!!x && !!y && x.kind === y.kind && x.node === y.node);

const sameProvisioned = allOf<ProvisionedConcurrency>({
  via: (x, y) => x.via === y.via,
  pair: (x, y) => x.pair === y.pair,
  container: (x, y) => x.container === y.container,
  fromGlobals: (x, y) => x.fromGlobals === y.fromGlobals,
  resource: (x, y) => x.resource === y.resource,
  executions: (x, y) => sameResolved(x.executions, y.executions),
});

const sameMapping = allOf<EventSourceMapping>({
  resource: (x, y) => x.resource === y.resource,
  event: (x, y) => x.event === y.event,
  properties: (x, y) => x.properties === y.properties,
  kind: (x, y) => x.kind === y.kind,
  queue: (x, y) => x.queue === y.queue,
});

const sameSchedule = allOf<Schedule>({
  expression: (x, y) => x.expression === y.expression,
  input: (x, y) => x.input === y.input,
  source: (x, y) =>
    'resource' in x.source
      ? 'resource' in y.source && x.source.resource === y.source.resource
      : 'event' in y.source && x.source.event === y.source.event,
});

/**
 * True when two builds of a function (of two templates whose `Parameters` section is the same node)
 * describe it identically: the same entry and properties (same nodes), and links to the same
 * resources, settings and events. The incremental lint re-checks only functions for which it is false.
 */
export const sameFunction = allOf<LambdaFunction>({
  id: (a, b) => a.id === b.id,
  type: (a, b) => a.type === b.type,
  resource: (a, b) => a.resource === b.resource,
  props: (a, b) => a.props === b.props,
  events: (a, b) => a.events === b.events,
  behindRestApi: (a, b) => a.behindRestApi === b.behindRestApi,
  behindHttpApi: (a, b) => a.behindHttpApi === b.behindHttpApi,
  provisioned: (a, b) => sameList(a.provisioned, b.provisioned, sameProvisioned),
  eventInvokeConfigs: (a, b) => sameList(a.eventInvokeConfigs, b.eventInvokeConfigs, identical),
  eventSourceMappings: (a, b) => sameList(a.eventSourceMappings, b.eventSourceMappings, sameMapping),
  schedules: (a, b) => sameList(a.schedules, b.schedules, sameSchedule),
  urls: (a, b) => sameList(a.urls, b.urls, identical),
  capacityProviders: (a, b) => sameList(a.capacityProviders, b.capacityProviders, identical),
});
