/**
 * EventBridge events: an event matched by a rule, and schedules (a scheduled rule sends
 * `Scheduled Event` from `aws.events`; EventBridge Scheduler sends its own default event). A target's
 * constant `Input` replaces the event; its `InputPath` selects part of it.
 */
import { baseOf } from './base';
import { isoSeconds, nameOrArn } from './ids';
import type { SampleParams } from './types';

/** The target's constant input as the function receives it: JSON when it parses, else the text. */
function constantInput(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

/** `$.detail.order` of an event (simple dotted and bracketed paths; `$` is the whole event). */
export function selectPath(event: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[['"]?|['"]?\]/)
    .filter((s) => s !== '');
  let current: unknown = event;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[step];
  }
  return current === undefined ? null : current;
}

function delivered(event: Record<string, unknown>, p: SampleParams): unknown {
  if (p.input !== undefined) return constantInput(p.input);
  if (p.inputPath !== undefined) return selectPath(event, p.inputPath);
  return event;
}

/** An event an EventBridge rule matched (a custom application event unless told otherwise). */
export function eventBridgeEvent(p: SampleParams): unknown {
  const base = baseOf('eventbridge', p);
  const detail =
    p.payload === undefined
      ? { message: 'Hello from EventBridge!' }
      : typeof p.payload === 'string'
        ? constantInput(p.payload)
        : p.payload;
  const event = {
    version: '0',
    id: base.ids.uuid(),
    'detail-type': p.detailType ?? 'Example Event',
    source: p.source ?? 'com.example.myapp',
    account: base.account,
    time: isoSeconds(base.time),
    region: base.region,
    resources: [],
    detail,
  };
  return delivered(event, p);
}

/**
 * A scheduled invocation. A rule sends `Scheduled Event` from `aws.events` with an empty `detail`;
 * EventBridge Scheduler without an input sends the same shape from `aws.scheduler`, whose `detail` is
 * the text `{}`.
 */
export function scheduleEvent(p: SampleParams): unknown {
  const name = p.ruleName ? nameOrArn(p.ruleName) : null;
  const base = baseOf('schedule', p, name?.arn);
  const { ids, region, account, partition, time } = base;
  const scheduleName = name?.name ?? 'my-schedule';
  const resource =
    name?.arn && p.ruleName
      ? p.ruleName
      : p.scheduler
        ? `arn:${partition}:scheduler:${region}:${account}:schedule/${p.scheduleGroup ?? 'default'}/${scheduleName}`
        : `arn:${partition}:events:${region}:${account}:rule/${scheduleName}`;
  const event = {
    version: '0',
    id: ids.uuid(),
    'detail-type': 'Scheduled Event',
    source: p.scheduler ? 'aws.scheduler' : 'aws.events',
    account,
    time: isoSeconds(time),
    region,
    resources: [resource],
    detail: p.scheduler ? '{}' : {},
  };
  return delivered(event, p);
}
