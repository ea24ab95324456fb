/**
 * A function's `events` as the model's items: schedules (a string, `rate` as a string or a list,
 * `enabled`, `input`), event source mappings (`sqs`, `stream`, `msk`, `kafka`, `activemq`,
 * `rabbitmq`), API routes (`http`, `httpApi`) and what invokes it asynchronously (`s3`, `sns`,
 * `eventBridge`, `cloudwatchEvent`, `cloudwatchLog`, `iot`, schedules…).
 */
import { type Node, asSeq, deref, emptyScalar, get } from '../../parse/ast';
import type {
  EventSourceMapping,
  Queue,
  Route,
  Schedule,
  Site,
  SourceKind,
  Span,
  Value,
} from '../../model/types';
import { asNumber, asString } from '../../model/values';
import { findPair } from '../../parse/ast';
import { nodeSpan } from '../cloudformation/sites';
import { referencedIds } from '../cloudformation/values';
import type { ServiceEvent, ServiceModel } from './service';
import { PairSite } from './sites';

/** Event types that invoke a function asynchronously, as messages name them. */
export const ASYNC_EVENTS: Readonly<Record<string, string>> = {
  s3: 's3',
  sns: 'sns',
  eventBridge: 'eventBridge',
  cloudwatchEvent: 'cloudwatchEvent',
  cloudwatchLog: 'cloudwatchLog',
  schedule: 'schedule',
  iot: 'iot',
  iotFleetProvisioning: 'iotFleetProvisioning',
  alexaSmartHome: 'alexaSmartHome',
};

/** A schedule written in serverless.yml (an event, or a keep-warm plugin's warmer). */
export class WrittenSchedule implements Schedule {
  constructor(
    private readonly model: ServiceModel,
    private readonly at: Node,
    private readonly written: Value | undefined,
    readonly labels: readonly string[],
    private readonly input: Node | undefined,
    private readonly constantInput?: unknown,
  ) {}

  get expression(): Value {
    return this.written ?? this.model.variables.value(this.at);
  }

  get span(): Span {
    return nodeSpan(this.at);
  }

  inputText(hint: RegExp): string {
    if (this.constantInput !== undefined) return JSON.stringify(this.constantInput).slice(0, 10_000);
    const input = this.input;
    if (!input) return '';
    // Converted only when its written text could say so (see the CloudFormation adapter's ScheduleView).
    const written = this.model.doc.text.slice(input.start, input.end);
    if (!hint.test(written) && !/[\\*$]/.test(written)) return '';
    const value = this.model.variables.value(input);
    return value.kind === 'dynamic' ? '' : JSON.stringify(value.value).slice(0, 10_000);
  }
}

function scalarText(model: ServiceModel, node: Node | undefined): string {
  if (!node) return '';
  const value = model.variables.value(node);
  return typeof asString(value) === 'string' ? asString(value)! : '';
}

/** A `schedule` event's schedules: one per expression (`rate` may list several); none when `enabled: false`. */
export function eventSchedules(model: ServiceModel, event: ServiceEvent): Schedule[] {
  const value = deref(event.value);
  if (value?.kind === 'scalar')
    return [new WrittenSchedule(model, event.value, undefined, ['schedule'], undefined)];
  const enabled = get(value, 'enabled');
  if (
    enabled &&
    model.variables.value(enabled).kind !== 'dynamic' &&
    asString(model.variables.value(enabled)) === 'false'
  )
    return [];
  const labels = [
    'schedule',
    scalarText(model, get(value, 'name')),
    scalarText(model, get(value, 'description')),
  ];
  const input = get(value, 'input');
  const rate = get(value, 'rate');
  const expressions = asSeq(rate)?.items ?? (rate ? [rate] : []);
  return expressions.map((at) => new WrittenSchedule(model, at, undefined, labels, input));
}

/** The kind of source an ARN names. */
function kindOfArn(arn: string): SourceKind {
  if (/^arn:aws[-a-z]*:sqs:/.test(arn)) return 'sqs';
  if (/^arn:aws[-a-z]*:kinesis:/.test(arn)) return 'kinesis';
  if (/^arn:aws[-a-z]*:dynamodb:/.test(arn)) return 'dynamodb';
  return 'other';
}

const MAPPING_KINDS: Readonly<Record<string, SourceKind>> = {
  sqs: 'sqs',
  msk: 'kafka',
  kafka: 'kafka',
  activemq: 'mq',
  rabbitmq: 'mq',
};

/** True for an event that is an event source mapping. */
export function isMappingEvent(type: string): boolean {
  return type in MAPPING_KINDS || type === 'stream';
}

/** A poller event (`sqs`, `stream`, `msk`…) as an event source mapping. */
export class EventMapping implements EventSourceMapping {
  constructor(
    private readonly model: ServiceModel,
    private readonly event: ServiceEvent,
  ) {}

  /** The source's ARN as written: the event's value itself (`- sqs: arn:…`) or its `arn`. */
  private get arn(): Node | undefined {
    const value = deref(this.event.value);
    return value?.kind === 'map' && !value.tag && get(value, 'arn') ? get(value, 'arn') : this.event.value;
  }

  get kind(): SourceKind {
    const mapped = MAPPING_KINDS[this.event.type];
    if (mapped) return mapped;
    const type = asString(this.option('type'));
    if (type === 'dynamodb' || type === 'kinesis') return type;
    const arn = this.arn;
    const literal = arn ? asString(this.model.variables.value(arn)) : undefined;
    if (literal) return kindOfArn(literal);
    // A stream named by reference: the resource it names says what it is.
    for (const id of referencedIds(arn)) {
      const type = this.model.resources?.template.resources.get(id)?.type;
      if (type === 'AWS::DynamoDB::Table' || type === 'AWS::DynamoDB::GlobalTable') return 'dynamodb';
      if (type === 'AWS::Kinesis::Stream') return 'kinesis';
    }
    return 'other';
  }

  get span(): Span {
    return nodeSpan(this.event.key);
  }

  get provisionedPollers(): Site | undefined {
    const value = deref(this.event.value);
    const pair = value?.kind === 'map' ? findPair(value, 'provisionedPollerConfig') : undefined;
    return value?.kind === 'map' && pair
      ? new PairSite(this.model.doc, this.model.variables, value, pair, undefined, false)
      : undefined;
  }

  get hasOnFailure(): boolean {
    return get(get(this.event.value, 'destinations'), 'onFailure') !== undefined;
  }

  get retriesLimited(): boolean {
    const retries = asNumber(this.option('maximumRetryAttempts'));
    const age = asNumber(this.option('maximumRecordAgeInSeconds'));
    return (retries !== undefined && retries >= 0) || (age !== undefined && age >= 0);
  }

  get batchingWindow(): number {
    return asNumber(this.option('maximumBatchingWindow')) || 0;
  }

  get queue(): Queue | null {
    if (this.kind !== 'sqs' || !this.model.resources) return null;
    const resources = this.model.resources;
    const arn = this.arn;
    for (const id of referencedIds(arn)) {
      const resource = resources.template.resources.get(id);
      if (resource?.type === 'AWS::SQS::Queue') return resources.queueOf(resource);
    }
    // A literal ARN names the queue by its QueueName.
    const literal = arn ? asString(this.model.variables.value(arn)) : undefined;
    const name = literal?.startsWith('arn:') ? literal.split(':')[5] : undefined;
    if (!name) return null;
    for (const resource of resources.template.resources.values()) {
      if (resource.type !== 'AWS::SQS::Queue') continue;
      const queueName = get(resource.properties, 'QueueName');
      if (queueName && asString(this.model.variables.value(queueName)) === name)
        return resources.queueOf(resource);
    }
    return null;
  }

  get anchor(): object {
    return this.event.value;
  }

  private option(key: string): Value | undefined {
    const node = get(this.event.value, key);
    return this.model.variables.value(node ?? emptyScalar());
  }
}

/** An `http` (REST API) or `httpApi` event as a route: `GET /path` written as one string, or `method` and `path`. */
export class EventRoute implements Route {
  readonly api: 'rest' | 'http';

  constructor(
    private readonly model: ServiceModel,
    private readonly event: ServiceEvent,
  ) {
    this.api = event.type === 'http' ? 'rest' : 'http';
  }

  private parts(): [string | undefined, string | undefined] {
    const value = deref(this.event.value);
    if (value?.kind === 'scalar') {
      const text = scalarText(this.model, value).trim();
      if (text === '*') return ['*', '*'];
      const [method, ...rest] = text.split(/\s+/);
      return [method, rest.join(' ') || undefined];
    }
    return [
      scalarText(this.model, get(value, 'method')) || undefined,
      scalarText(this.model, get(value, 'path')) || undefined,
    ];
  }

  get method(): string | undefined {
    const method = this.parts()[0];
    return method === '*' ? 'ANY' : method;
  }

  get path(): string | undefined {
    const path = this.parts()[1];
    return path === undefined || path === '*' || path.startsWith('/') ? path : `/${path}`;
  }

  /** `httpApi: '*'` is the HTTP API's `$default` route (every request no other route takes). */
  get defaultRoute(): boolean {
    const [method, path] = this.parts();
    return this.api === 'http' && method === '*' && (path === '*' || path === undefined);
  }

  get span(): Span {
    const value = deref(this.event.value);
    return nodeSpan(value?.kind === 'map' ? (get(value, 'path') ?? this.event.key) : this.event.value);
  }
}
