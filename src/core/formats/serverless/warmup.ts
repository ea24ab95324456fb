/**
 * serverless-plugin-warmup: warmers under `custom.warmup.<warmer>` (`enabled` as a boolean, a stage or
 * a list of stages; `events`, by default `- schedule: rate(5 minutes)`) ping the functions they warm,
 * each function following its warmer unless its own `warmup.<warmer>.enabled` says otherwise. Each
 * ping is a keep-warm schedule of the function. The plugin's v4-era form (`custom.warmup.enabled`,
 * a function's `warmup: true`) is one warmer.
 */
import { type MapNode, type Node, asMap, asSeq, deref, get, keyText } from '../../parse/ast';
import type { Schedule, Value } from '../../model/types';
import { asString } from '../../model/values';
import type { ServiceFunction, ServiceModel } from './service';
import { WrittenSchedule } from './event-views';

/** The plugin's default schedule. */
const DEFAULT_SCHEDULE = 'rate(5 minutes)';

interface Warmer {
  name: string;
  key: Node;
  config: MapNode;
}

/** The warmers of `custom.warmup` (the legacy single warmer when `enabled` is written there directly). */
function warmersOf(model: ServiceModel): Warmer[] {
  const warmup = get(get(model.doc.root, 'custom'), 'warmup');
  const map = asMap(warmup);
  if (!map) return [];
  if (get(map, 'enabled') !== undefined || get(map, 'events') !== undefined) {
    const pair = asMap(get(model.doc.root, 'custom'))!.pairs.find((p) => keyText(p.key) === 'warmup')!;
    return [{ name: 'default', key: pair.key, config: map }];
  }
  const warmers: Warmer[] = [];
  for (const pair of map.pairs) {
    const name = keyText(pair.key);
    const config = asMap(pair.value);
    if (name !== null && config) warmers.push({ name, key: pair.key, config });
  }
  return warmers;
}

/** Whether an `enabled` value turns a warmer on at the stage: true, the stage's name, or a list holding it. */
function enabledAt(model: ServiceModel, node: Node): boolean | undefined {
  const value = model.variables.value(node);
  if (value.kind === 'dynamic') return undefined;
  const v = value.value;
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined) return false;
  const stage = model.variables.stage();
  // A stage decided at deploy time leaves a stage-bound warmer undecided: it is not guessed.
  const current = asString(stage);
  if (typeof v === 'string') return current === undefined ? undefined : v === current;
  if (Array.isArray(v)) return current === undefined ? undefined : v.includes(current);
  return undefined;
}

/** The node a function's own `enabled` for a warmer is written at (legacy: `warmup: true` itself). */
function functionEnabled(fn: ServiceFunction, warmer: Warmer): Node | undefined {
  const own = get(fn.body, 'warmup');
  if (!own) return undefined;
  if (warmer.name === 'default' && deref(own)?.kind !== 'map') return own;
  if (warmer.name === 'default' && get(own, 'enabled') !== undefined) return get(own, 'enabled');
  return get(get(own, warmer.name), 'enabled');
}

/** The schedules a warmer's `events` gives (its default when it has none). */
function warmerSchedules(model: ServiceModel, warmer: Warmer, at: Node): Schedule[] {
  const labels = ['serverless-plugin-warmup', `warmer ${warmer.name}`];
  const events = asSeq(get(warmer.config, 'events'));
  const payload = get(warmer.config, 'payload');
  // The plugin sends `{ "source": "serverless-plugin-warmup" }` unless a payload is written.
  const input = payload ? undefined : { source: 'serverless-plugin-warmup' };
  if (!events) {
    const expression: Value = {
      kind: 'indirect',
      value: DEFAULT_SCHEDULE,
      via: "serverless-plugin-warmup's default",
    };
    return [new WrittenSchedule(model, at, expression, labels, payload, input)];
  }
  const schedules: Schedule[] = [];
  for (const item of events.items) {
    const schedule = get(item, 'schedule');
    if (!schedule) continue;
    const expression = deref(schedule)?.kind === 'map' ? get(schedule, 'rate') : schedule;
    for (const rate of asSeq(expression)?.items ?? (expression ? [expression] : []))
      schedules.push(new WrittenSchedule(model, rate, undefined, labels, payload, input));
  }
  return schedules;
}

/** The keep-warm pings a function receives from the service's warmers. */
export function warmupSchedules(model: ServiceModel, fn: ServiceFunction): Schedule[] {
  const schedules: Schedule[] = [];
  for (const warmer of warmersOf(model)) {
    const own = functionEnabled(fn, warmer);
    const decided = own ?? get(warmer.config, 'enabled');
    // Without `enabled` a warmer warms nothing (the plugin's default is false).
    if (!decided || enabledAt(model, decided) !== true) continue;
    for (const schedule of warmerSchedules(model, warmer, warmer.key)) schedules.push(schedule);
  }
  return schedules;
}
