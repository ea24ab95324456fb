/**
 * Event source mappings and queues: `aws_lambda_event_source_mapping` resources and the lambda
 * module's `event_source_mapping` entries read alike (through a lookup of their arguments by name),
 * the source's kind from what `event_source_arn` refers to (a queue, stream, table, cluster or
 * broker of the folder, or the service in a literal ARN), and `aws_sqs_queue` as a `Queue`.
 */
import type { EventSourceMapping, Queue, Site, SourceKind, WrittenValue } from '../../model/types';
import type { HclAttribute, HclBlock, HNode } from './hcl-syntax';
import { inner } from './hcl-syntax';
import type { Scope } from './evaluate';
import { type Instance, type TerraformFolder, isPlainLiteral } from './configuration';
import { referencesIn } from './references';
import { AttributeSite, BlockSite, DeclarationSite } from './sites';
import { TERRAFORM } from './names';
import { keepShape } from '../../keep-shape';

const KIND_OF_TYPE: Readonly<Record<string, SourceKind>> = {
  aws_sqs_queue: 'sqs',
  aws_kinesis_stream: 'kinesis',
  aws_dynamodb_table: 'dynamodb',
  aws_msk_cluster: 'kafka',
  aws_msk_serverless_cluster: 'kafka',
  aws_mq_broker: 'mq',
};

/** The arguments of a mapping, whichever way it is written. */
export interface MappingArguments {
  /** An argument's expression, or undefined. */
  get(name: string): HNode | undefined;
  /** True when failed batches go to a destination (`destination_config.on_failure`). */
  onFailure: boolean;
  /** Where `provisioned_poller_config` is written, if it is. */
  pollers: Site | undefined;
  scope: Scope;
  /** What findings on the mapping underline. */
  span: { start: number; end: number };
  anchor: object;
}

export class TerraformMapping implements EventSourceMapping {
  readonly kind: SourceKind;
  readonly span: { start: number; end: number };
  readonly provisionedPollers: Site | undefined;
  readonly hasOnFailure: boolean;
  readonly retriesLimited: boolean;
  readonly batchingWindow: number;
  readonly queue: Queue | null;
  readonly anchor: object;

  constructor(
    folder: TerraformFolder,
    args: MappingArguments,
    queueOf: (address: string, index: HNode | undefined, scope: Scope) => Queue | null,
  ) {
    const source = args.get('event_source_arn');
    let kind: SourceKind = 'other';
    let queue: Queue | null = null;
    for (const ref of referencesIn(folder, source)) {
      const type = folder.byAddress.get(ref.address)?.type ?? '';
      const found = KIND_OF_TYPE[type] ?? kindInWords(ref.address);
      if (found) kind = found;
      if (type === 'aws_sqs_queue') queue = queueOf(ref.address, ref.index, args.scope);
    }
    if (kind === 'other') {
      const value = folder.evaluator.value(source, args.scope);
      const arn = value.kind === 'dynamic' ? '' : String(value.value);
      const service = /^arn:[^:]+:([^:]+):/.exec(arn)?.[1];
      kind =
        (service && kindInWords(service)) ||
        (args.get('topics') ? 'kafka' : args.get('queues') ? 'mq' : 'other');
    }
    const number = (name: string) => {
      const value = folder.evaluator.value(args.get(name), args.scope);
      return value.kind === 'dynamic' ? undefined : (value.value as number | null);
    };
    const limited = (name: string) => {
      const n = number(name);
      return args.get(name) !== undefined && n !== null && n !== -1;
    };
    this.kind = kind;
    this.span = args.span;
    this.provisionedPollers = args.pollers;
    this.hasOnFailure = args.onFailure || args.get('destination_arn_on_failure') !== undefined;
    this.retriesLimited = limited('maximum_retry_attempts') || limited('maximum_record_age_in_seconds');
    this.batchingWindow = Number(number('maximum_batching_window_in_seconds') ?? 0) || 0;
    this.queue = queue;
    this.anchor = args.anchor;
  }
}
keepShape(
  new TerraformMapping(
    { evaluator: { value: () => ({ kind: 'dynamic', reason: '' }) } } as never,
    {
      get: () => undefined,
      onFailure: false,
      scope: new Map(),
      span: { start: 0, end: 0 },
      pollers: undefined,
      anchor: {},
    },
    () => null,
  ),
);

/** A source kind named in words (a module's name, an ARN's service). */
function kindInWords(text: string): SourceKind | undefined {
  if (/sqs|queue/i.test(text)) return 'sqs';
  if (/kinesis/i.test(text)) return 'kinesis';
  if (/dynamodb/i.test(text)) return 'dynamodb';
  if (/kafka|msk/i.test(text)) return 'kafka';
  if (/(?:^|[^a-z])mq(?:$|[^a-z])/i.test(text)) return 'mq';
  return undefined;
}

/** The arguments of an `aws_lambda_event_source_mapping` instance (`destination_config.on_failure` included). */
export function resourceMappingArguments(folder: TerraformFolder, instance: Instance): MappingArguments {
  const block = instance.decl.block;
  const destination = block.body.blocks.find((b) => b.type === 'destination_config');
  const onFailure = destination?.body.blocks.find((b) => b.type === 'on_failure');
  const pollers = block.body.blocks.find(
    (b) =>
      b.type === 'provisioned_poller_config' ||
      (b.type === 'dynamic' && b.labels[0] === 'provisioned_poller_config'),
  );
  return {
    get: (name) => block.body.byName.get(name)?.expr,
    onFailure: onFailure !== undefined,
    pollers: pollers && new BlockSite(folder, pollers),
    scope: instance.scope,
    span: { start: block.start, end: block.labelSpans[block.labelSpans.length - 1]?.end ?? block.start },
    anchor: block,
  };
}

/** An object literal's entries by key (`{ sqs = { … } }`), as pseudo-arguments with their spans. */
export function objectEntries(folder: TerraformFolder, node: HNode | undefined): Map<string, HclAttribute> {
  const entries = new Map<string, HclAttribute>();
  const value = inner(node);
  const object = value?.type === 'collection_value' ? value.children[0] : undefined;
  if (object?.type !== 'object') return entries;
  for (const elem of object.children) {
    if (elem.type !== 'object_elem') continue;
    const [key, val] = elem.children;
    const keyValue = folder.evaluator.value(key);
    const name =
      inner(key)?.type === 'variable_expr'
        ? folder.source(key)
        : keyValue.kind === 'dynamic'
          ? undefined
          : String(keyValue.value);
    if (name === undefined) continue;
    entries.set(name, {
      name,
      start: elem.start,
      end: elem.end,
      nameEnd: key.end,
      expr: val,
      error: elem.error,
    });
  }
  return entries;
}

/** An `aws_sqs_queue` instance as a Queue: visibility timeout (30 s when not written) and redrive policy. */
export class TerraformQueue implements Queue {
  readonly id: string;
  readonly defaultVisibilityTimeout = 30;
  private cachedSite: Site | undefined;

  constructor(
    private readonly folder: TerraformFolder,
    private readonly instance: Instance,
    /** True when an `aws_sqs_queue_redrive_policy` of the folder names this queue. */
    private readonly redriveResource: boolean,
  ) {
    this.id = instance.address;
    this.cachedSite = undefined;
  }

  private get block(): HclBlock {
    return this.instance.decl.block;
  }

  get site(): Site {
    return (this.cachedSite ??= new DeclarationSite(this.folder, this.block, (key) => TERRAFORM.nameOf(key)));
  }

  get visibilityTimeout(): WrittenValue | undefined {
    const attribute = this.block.body.byName.get('visibility_timeout_seconds');
    if (!attribute) return undefined;
    const value = this.folder.attribute(attribute, this.instance.scope)!;
    if (value.kind !== 'dynamic' && value.value === null) return undefined;
    return { value, site: new AttributeSite(this.folder, attribute, isPlainLiteral(attribute.expr)) };
  }

  get hasDeadLetterQueue(): boolean {
    const policy = this.folder.attribute(this.block.body.byName.get('redrive_policy'), this.instance.scope);
    return (
      this.redriveResource ||
      (policy !== undefined && !(policy.kind !== 'dynamic' && (policy.value === null || policy.value === '')))
    );
  }
}
keepShape(new TerraformQueue({} as never, { address: '' } as never, false));
