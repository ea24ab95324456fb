/**
 * Sample events, faithful to what AWS sends each source's functions (field names, shapes, formats),
 * parameterised by what a template knows: the route, the queue, the table, the schedule's input.
 * Identifiers are drawn from a generator seeded by the kind and parameters, so a sample is stable
 * for the same source; only the time moves (pass `time` to pin it).
 */
import { eventBridgeEvent, scheduleEvent } from './eventbridge';
import { functionUrlEvent, httpApiEvent, restApiEvent } from './http';
import { s3Event, snsEvent, sqsEvent } from './messages';
import { dynamoDbEvent, kinesisEvent } from './streams';
import {
  type EventSourceDescription,
  type SampleEvent,
  type SampleEventKind,
  type SampleParams,
  sampleEventKinds,
  sampleEventLabels,
} from './types';

export { sampleEventKinds, sampleEventLabels };
export type { EventSourceDescription, SampleEvent, SampleEventKind, SampleParams };
export { describeEventSources } from './describe';

const BUILDERS: Record<SampleEventKind, (params: SampleParams) => unknown> = {
  'apigateway-rest': (p) => restApiEvent(p),
  'apigateway-http': httpApiEvent,
  'function-url': functionUrlEvent,
  sqs: sqsEvent,
  sns: snsEvent,
  s3: s3Event,
  eventbridge: eventBridgeEvent,
  schedule: scheduleEvent,
  dynamodb: dynamoDbEvent,
  kinesis: kinesisEvent,
};

export function isSampleEventKind(kind: string): kind is SampleEventKind {
  return (sampleEventKinds as readonly string[]).includes(kind);
}

/** A sample event of a kind. Throws on an unknown kind. */
export function sampleEvent(kind: SampleEventKind, params: SampleParams = {}): unknown {
  const build = BUILDERS[kind];
  if (!build) throw new Error(`unknown sample event kind '${kind}' (known: ${sampleEventKinds.join(', ')})`);
  return build(params);
}

/** `PostOrder: API Gateway HTTP API (payload 2.0) — POST /orders`. */
function labelOf(source: EventSourceDescription): string {
  const what = sampleEventLabels[source.kind];
  return source.summary ? `${source.name}: ${what} — ${source.summary}` : `${source.name}: ${what}`;
}

/**
 * One sample per event source of a function, in the order given, each with a label for a picker.
 * Pass `defaults` (a region, an account, a time) to apply where the source does not say.
 * Sources are what `describeEventSources` returns, or written by hand: `{ kind, name, params }`.
 */
export function samplesForFunction(
  sources: readonly EventSourceDescription[],
  defaults: SampleParams = {},
): SampleEvent[] {
  return sources.map((source) => {
    const event = sampleEvent(source.kind, { ...defaults, ...source.params });
    return {
      kind: source.kind,
      name: source.name,
      label: labelOf(source),
      event,
      text: `${JSON.stringify(event, null, 2)}\n`,
      placeholders: source.placeholders ?? [],
    };
  });
}
