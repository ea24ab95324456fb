/** Collects a function's event source descriptions, with the readers several sources share. */
import type { Node } from '../../core/parse/ast';
import { asSeq, get } from '../../core/parse/ast';
import type { LambdaFunction } from '../../core/formats/cloudformation/types';
import { firstString, sampleFromPattern } from './pattern';
import type { TemplateValues } from './template-values';
import type { EventSourceDescription, SampleParams, TableKey } from './types';

/** Collects descriptions, recording which parameters are placeholders. */
export class Describer {
  readonly out: EventSourceDescription[] = [];

  constructor(
    readonly values: TemplateValues,
    readonly fn: LambdaFunction,
  ) {}

  add(
    kind: EventSourceDescription['kind'],
    name: string,
    summary: string,
    params: SampleParams,
    placeholders: (keyof SampleParams)[] = [],
  ): void {
    // Only a region or account the caller chose: otherwise samplesForFunction's defaults apply.
    const base: SampleParams = {};
    if (this.values.options.region) base.region = this.values.options.region;
    if (this.values.options.account) base.account = this.values.options.account;
    this.out.push({ kind, name, summary, params: { ...base, ...params }, placeholders });
  }

  /** Sets `params[key]` from a read value; a placeholder value is still set (when known) but recorded. */
  set<K extends keyof SampleParams>(
    params: SampleParams,
    placeholders: (keyof SampleParams)[],
    key: K,
    read: { value: string | undefined; placeholder: boolean },
  ): void {
    if (read.value !== undefined) (params as Record<string, unknown>)[key] = read.value;
    if (read.placeholder) placeholders.push(key);
  }

  /** Table name, keys and stream view type of a DynamoDB stream source. */
  dynamoParams(stream: Node | undefined): { params: SampleParams; placeholders: (keyof SampleParams)[] } {
    const params: SampleParams = {};
    const placeholders: (keyof SampleParams)[] = [];
    const read = this.values.source(stream, ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']);
    this.set(params, placeholders, 'table', read);
    const table = read.resource?.properties;
    if (table) {
      const types = new Map<string, string>();
      for (const def of asSeq(get(table, 'AttributeDefinitions'))?.items ?? []) {
        const name = this.values.literal(get(def, 'AttributeName'));
        const type = this.values.literal(get(def, 'AttributeType'));
        if (name && type) types.set(name, type);
      }
      const keys: TableKey[] = [];
      for (const key of asSeq(get(table, 'KeySchema'))?.items ?? []) {
        const name = this.values.literal(get(key, 'AttributeName'));
        const type = name ? types.get(name) : undefined;
        if (name && (type === 'S' || type === 'N' || type === 'B')) keys.push({ name, type });
      }
      if (keys.length > 0) params.tableKeys = keys;
      const view = this.values.literal(get(get(table, 'StreamSpecification'), 'StreamViewType'));
      if (
        view === 'KEYS_ONLY' ||
        view === 'NEW_IMAGE' ||
        view === 'OLD_IMAGE' ||
        view === 'NEW_AND_OLD_IMAGES'
      )
        params.streamViewType = view;
    }
    return { params, placeholders };
  }

  /** The SNS topic feeding a queue, when a subscription in the template says so. */
  topicFeeding(queueId: string): { topic: string; raw: boolean } | null {
    for (const resource of this.values.model.resources.values()) {
      const props = resource.properties;
      if (resource.type === 'AWS::SNS::Subscription') {
        if (this.values.literal(get(props, 'Protocol')) !== 'sqs') continue;
        if (this.values.resourceIn(get(props, 'Endpoint'))?.id !== queueId) continue;
        const topic = this.values.source(get(props, 'TopicArn'), ['AWS::SNS::Topic']);
        const raw = this.values.json(get(props, 'RawMessageDelivery'));
        return { topic: topic.value ?? 'my-topic', raw: raw === true || raw === 'true' };
      }
      if (resource.type === 'AWS::SNS::Topic') {
        for (const sub of asSeq(get(props, 'Subscription'))?.items ?? []) {
          if (this.values.literal(get(sub, 'Protocol')) !== 'sqs') continue;
          if (this.values.resourceIn(get(sub, 'Endpoint'))?.id === queueId)
            return { topic: this.values.physicalName(resource).value, raw: false };
        }
      }
    }
    return null;
  }

  sqs(name: string, queueNode: Node | undefined): void {
    const params: SampleParams = {};
    const placeholders: (keyof SampleParams)[] = [];
    const read = this.values.source(queueNode, ['AWS::SQS::Queue']);
    this.set(params, placeholders, 'queue', read);
    const feeding = read.resource ? this.topicFeeding(read.resource.id) : null;
    if (feeding) {
      params.fromTopic = feeding.topic;
      if (feeding.raw) params.rawMessageDelivery = true;
    }
    this.add(
      'sqs',
      name,
      `queue ${shortName(params.queue)}${feeding ? ` (from topic ${shortName(feeding.topic)})` : ''}`,
      params,
      placeholders,
    );
  }

  kinesis(name: string, streamNode: Node | undefined): void {
    const params: SampleParams = {};
    const placeholders: (keyof SampleParams)[] = [];
    this.set(params, placeholders, 'stream', this.values.source(streamNode, ['AWS::Kinesis::Stream']));
    this.set(params, placeholders, 'role', this.values.roleArn(this.fn));
    this.add('kinesis', name, `stream ${shortName(params.stream)}`, params, placeholders);
  }

  dynamodb(name: string, streamNode: Node | undefined): void {
    const { params, placeholders } = this.dynamoParams(streamNode);
    this.add('dynamodb', name, `table ${shortName(params.table)}`, params, placeholders);
  }

  /** An EventBridge rule's pattern, input and input path. */
  eventRule(name: string, pattern: Node | undefined, target: Node | null | undefined): void {
    const params: SampleParams = {};
    const value = this.values.json(pattern);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const p = value as Record<string, unknown>;
      const source = firstString(p.source);
      const detailType = firstString(p['detail-type']);
      if (source) params.source = source;
      if (detailType) params.detailType = detailType;
      if (p.detail && typeof p.detail === 'object')
        params.payload = sampleFromPattern(p.detail as Record<string, unknown>);
    }
    const input = this.values.literal(get(target, 'Input'));
    const inputPath = this.values.literal(get(target, 'InputPath'));
    if (input !== undefined) params.input = input;
    else if (inputPath !== undefined) params.inputPath = inputPath;
    const summary = [params.source, params.detailType].filter(Boolean).join(' / ');
    this.add('eventbridge', name, summary, params);
  }
}

/** The last part of a name or ARN, for summaries. */
export function shortName(value: string | undefined): string {
  if (!value) return '(deploy-time)';
  return value.split(/[:/]/).filter(Boolean).pop() ?? value;
}

/** A key matching an S3 filter's prefix and suffix rules. */
export function keyForFilter(filter: unknown): string | undefined {
  const rules = (filter as { S3Key?: { Rules?: unknown } } | undefined)?.S3Key?.Rules;
  if (!Array.isArray(rules)) return undefined;
  let prefix = '';
  let suffix: string | undefined;
  for (const rule of rules as { Name?: unknown; Value?: unknown }[]) {
    const name = String(rule?.Name ?? '').toLowerCase();
    if (name === 'prefix' && typeof rule.Value === 'string') prefix = rule.Value;
    if (name === 'suffix' && typeof rule.Value === 'string') suffix = rule.Value;
  }
  if (!prefix && suffix === undefined) return undefined;
  return `${prefix}sample${suffix ?? '.json'}`;
}
