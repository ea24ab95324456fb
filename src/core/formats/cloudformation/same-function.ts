/**
 * Whether two builds of a function describe it identically: what an incremental re-lint asks of every
 * function, to run the function-scoped rules again only for those that changed.
 */
import type { EventSourceMapping, LambdaFunction, ProvisionedConcurrency, Schedule } from './types';
import type { Resolved } from './values';

/** Element-wise equal lists (a loop, not `every`: this runs for every function on every re-lint). */
function sameList<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}
const identical = <T>(x: T, y: T): boolean => x === y;
const sameResolved = (x: Resolved | undefined, y: Resolved | undefined): boolean =>
  x === y || (!!x && !!y && x.kind === y.kind && x.node === y.node);

// The comparisons of linked items, made once (not a closure per function per re-lint).
const sameProvisioned = (x: ProvisionedConcurrency, y: ProvisionedConcurrency): boolean =>
  x.via === y.via &&
  x.pair === y.pair &&
  x.container === y.container &&
  x.fromGlobals === y.fromGlobals &&
  x.resource === y.resource &&
  sameResolved(x.executions, y.executions);
const sameMapping = (x: EventSourceMapping, y: EventSourceMapping): boolean =>
  x.resource === y.resource &&
  x.event === y.event &&
  x.properties === y.properties &&
  x.kind === y.kind &&
  x.queue === y.queue;
const sameSchedule = (x: Schedule, y: Schedule): boolean =>
  x.expression === y.expression &&
  x.input === y.input &&
  ('resource' in x.source
    ? 'resource' in y.source && x.source.resource === y.source.resource
    : 'event' in y.source && x.source.event === y.source.event);

/**
 * True when two builds of a function (of two templates whose `Parameters` section is the same node)
 * describe it identically: the same entry and properties (same nodes), and links to the same
 * resources, settings and events. The incremental lint re-checks only functions for which it is false.
 */
export function sameFunction(a: LambdaFunction, b: LambdaFunction): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.resource === b.resource &&
    a.props === b.props &&
    a.events === b.events &&
    a.behindRestApi === b.behindRestApi &&
    a.behindHttpApi === b.behindHttpApi &&
    sameList(a.provisioned, b.provisioned, sameProvisioned) &&
    sameList(a.eventInvokeConfigs, b.eventInvokeConfigs, identical) &&
    sameList(a.eventSourceMappings, b.eventSourceMappings, sameMapping) &&
    sameList(a.schedules, b.schedules, sameSchedule) &&
    sameList(a.urls, b.urls, identical) &&
    sameList(a.capacityProviders, b.capacityProviders, identical)
  );
}
