/** The kinds of sample events, the parameters a template can give them, and a function's event sources. */

export const sampleEventKinds = [
  'apigateway-rest',
  'apigateway-http',
  'function-url',
  'sqs',
  'sns',
  's3',
  'eventbridge',
  'schedule',
  'dynamodb',
  'kinesis',
] as const;

export type SampleEventKind = (typeof sampleEventKinds)[number];

/** A short human name for each kind, for pickers. */
export const sampleEventLabels: Record<SampleEventKind, string> = {
  'apigateway-rest': 'API Gateway REST API (proxy, payload 1.0)',
  'apigateway-http': 'API Gateway HTTP API (payload 2.0)',
  'function-url': 'Lambda function URL',
  sqs: 'SQS message',
  sns: 'SNS notification',
  s3: 'S3 object created',
  eventbridge: 'EventBridge event',
  schedule: 'EventBridge scheduled event',
  dynamodb: 'DynamoDB stream records',
  kinesis: 'Kinesis stream record',
};

/** A key attribute of a DynamoDB table (from its `KeySchema` and `AttributeDefinitions`). */
export interface TableKey {
  name: string;
  type: 'S' | 'N' | 'B';
}

/**
 * What a template can say about an event; every field is optional and has a realistic default.
 * Names of queues, topics, buckets, tables and streams may be given as a name or as an ARN (whose
 * region and account then win over `region` and `account`).
 */
export interface SampleParams {
  /** Default us-east-1. */
  region?: string;
  /** Default 123456789012. */
  account?: string;
  /** When the event happened (ISO 8601 or a Date); default now. */
  time?: string | Date;
  /**
   * The application data: the HTTP body, the SQS body, the SNS message, the Kinesis data, the
   * EventBridge detail, the DynamoDB new image (a plain object). Strings are sent as they are.
   */
  payload?: unknown;

  // HTTP (REST API, HTTP API, function URL)
  /** The route's path as declared (`/orders/{id}`, `/{proxy+}`); path parameters get sample values. */
  path?: string;
  /** `GET`, `POST`, … or `ANY` (sent as GET). */
  method?: string;
  /** The API stage: `Prod` for SAM's implicit REST API, `$default` for HTTP APIs. */
  stage?: string;
  /** HTTP API payload format version; `1.0` gives the REST-style shape (with `version: '1.0'`). */
  payloadFormatVersion?: '1.0' | '2.0';
  /** Query string parameters of the sample request. */
  query?: Record<string, string>;
  /** Cookies of an HTTP API or function URL request (payload 2.0 `cookies`); `[]` for none. */
  cookies?: string[];
  /** Function URL auth type: `AWS_IAM` adds the caller's IAM identity. */
  authType?: 'NONE' | 'AWS_IAM';

  // Messaging and storage
  queue?: string;
  /** For SQS: the queue is subscribed to this SNS topic, so the body is the SNS notification. */
  fromTopic?: string;
  /** For SQS: the topic subscription delivers raw messages (no SNS envelope). */
  rawMessageDelivery?: boolean;
  topic?: string;
  /** SNS subject (null when absent). */
  subject?: string;
  bucket?: string;
  /** The S3 object key. */
  key?: string;
  /** S3 event name, `ObjectCreated:Put` by default (an `s3:` prefix and wildcards are accepted). */
  eventName?: string;
  /** A DynamoDB table name, table ARN or stream ARN. */
  table?: string;
  tableKeys?: TableKey[];
  streamViewType?: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** A Kinesis stream name or ARN. */
  stream?: string;
  partitionKey?: string;
  /** The function's execution role (Kinesis `invokeIdentityArn`). */
  role?: string;

  // EventBridge and schedules
  source?: string;
  detailType?: string;
  /** The rule or schedule name (or ARN). */
  ruleName?: string;
  /** EventBridge Scheduler (`ScheduleV2`, `AWS::Scheduler::Schedule`) rather than a scheduled rule. */
  scheduler?: boolean;
  /** Scheduler's schedule group, `default` by default. */
  scheduleGroup?: string;
  /** The target's constant `Input` (JSON text): sent instead of the event when given. */
  input?: string;
  /** The target's `InputPath` (`$.detail`): the part of the event sent. */
  inputPath?: string;
}

/**
 * One event source of a function, as the template describes it: what `samplesForFunction` turns into
 * sample events.
 */
export interface EventSourceDescription {
  kind: SampleEventKind;
  /** The SAM event's name, or the logical id of the resource that links the source. */
  name: string;
  /** A short description: `POST /orders`, `queue orders`, `rate(5 minutes)`. */
  summary?: string;
  params: SampleParams;
  /** Parameters whose value is a placeholder because the template's value is only known at deploy time. */
  placeholders?: (keyof SampleParams)[];
}

/** A generated sample, ready for an invoke panel. */
export interface SampleEvent {
  kind: SampleEventKind;
  name: string;
  /** `PostOrder: API Gateway HTTP API (payload 2.0) — POST /orders`. */
  label: string;
  event: unknown;
  /** The event as formatted JSON text. */
  text: string;
  /** The source's parameters that stand for deploy-time values (worth editing before sending). */
  placeholders: (keyof SampleParams)[];
}
