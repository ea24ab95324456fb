/** Stream events: DynamoDB Streams records (an INSERT then a MODIFY) and Kinesis records. */
import { baseOf, payloadText } from './base';
import { nameOrArn } from './ids';
import type { SampleParams, TableKey } from './types';

type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

/** A plain value in DynamoDB's attribute-value form. */
export function marshall(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' || typeof value === 'bigint') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Buffer.isBuffer(value)) return { B: value.toString('base64') };
  if (Array.isArray(value)) return { L: value.map(marshall) };
  if (typeof value === 'object')
    return { M: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, marshall(v)])) };
  return { S: String(value) };
}

/** Bytes of a number: one per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function valueSize(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('L' in value) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  return 3 + itemSize(value.M) + Object.keys(value.M).length;
}

/** An item's size as DynamoDB counts it (names and values, UTF-8): what `SizeBytes` adds up. */
export function itemSize(item: Record<string, AttributeValue> | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + valueSize(v), 0);
}

function keyValue(key: TableKey, index: number): unknown {
  if (key.type === 'N') return 101 + index;
  if (key.type === 'B') return Buffer.from(`key-${index + 1}`);
  return /id$/i.test(key.name)
    ? `${key.name.toLowerCase().replace(/id$/, '') || 'item'}-${101 + index}`
    : `value-${index + 1}`;
}

function addDecimal(a: string, b: bigint): string {
  return (BigInt(a) + b).toString();
}

/** Two DynamoDB Streams records: an item inserted, then modified. Images follow the stream view type. */
export function dynamoDbEvent(p: SampleParams): Record<string, unknown> {
  const source = nameOrArn(p.table ?? 'my-table');
  const base = baseOf('dynamodb', p, source.arn);
  const { ids, region, account, partition, time } = base;
  // table/<name>/stream/<label>, table/<name>, or a bare name.
  const parts = source.arn ? source.arn.resource.split('/') : ['table', source.name];
  const table = parts[1] ?? source.name;
  const label =
    parts[2] === 'stream' && parts[3]
      ? parts[3]
      : new Date(time.getTime() - 7 * 86_400_000 - ids.int(0, 86_399_999)).toISOString().slice(0, 23);
  const streamArn = `arn:${partition}:dynamodb:${region}:${account}:table/${table}/stream/${label}`;
  const viewType = p.streamViewType ?? 'NEW_AND_OLD_IMAGES';
  const keys = p.tableKeys && p.tableKeys.length > 0 ? p.tableKeys : [{ name: 'id', type: 'S' as const }];
  const keyItem = Object.fromEntries(keys.map((k, i) => [k.name, keyValue(k, i)]));
  const payload = p.payload;
  const data =
    payload && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : { message: payload === undefined ? 'New item!' : payloadText(payload, '') };
  const inserted = { ...keyItem, ...data };
  const modified =
    payload === undefined
      ? { ...keyItem, message: 'This item has changed' }
      : { ...inserted, updatedAt: new Date(time.getTime()).toISOString() };
  const firstSequence = ids.digits(21);
  const record = (
    eventName: 'INSERT' | 'MODIFY',
    oldItem: Record<string, unknown> | null,
    newItem: Record<string, unknown>,
    offset: number,
  ) => {
    const Keys = marshall(keyItem) as { M: Record<string, AttributeValue> };
    const NewImage = viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES' ? marshall(newItem) : null;
    const OldImage =
      oldItem && (viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES') ? marshall(oldItem) : null;
    const dynamodb: Record<string, unknown> = {
      ApproximateCreationDateTime: Math.floor(time.getTime() / 1000) - 1 + offset,
      Keys: Keys.M,
    };
    if (NewImage && 'M' in NewImage) dynamodb.NewImage = NewImage.M;
    if (OldImage && 'M' in OldImage) dynamodb.OldImage = OldImage.M;
    dynamodb.SequenceNumber = addDecimal(firstSequence, BigInt(offset) * 100_000_000n);
    dynamodb.SizeBytes =
      itemSize(Keys.M) +
      itemSize(NewImage && 'M' in NewImage ? NewImage.M : undefined) +
      itemSize(OldImage && 'M' in OldImage ? OldImage.M : undefined);
    dynamodb.StreamViewType = viewType;
    return {
      eventID: ids.hex(32),
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      dynamodb,
      eventSourceARN: streamArn,
    };
  };
  return { Records: [record('INSERT', null, inserted, 0), record('MODIFY', inserted, modified, 1)] };
}

/** A Kinesis record: `data` is the payload, base64. */
export function kinesisEvent(p: SampleParams): Record<string, unknown> {
  const source = nameOrArn(p.stream ?? 'my-stream');
  const base = baseOf('kinesis', p, source.arn);
  const { ids, region, account, partition, time } = base;
  const streamArn = source.arn
    ? (p.stream as string)
    : `arn:${partition}:kinesis:${region}:${account}:stream/${source.name}`;
  const sequenceNumber = ids.digits(56);
  const data = Buffer.from(payloadText(p.payload, { message: 'Hello from Kinesis!' })).toString('base64');
  return {
    Records: [
      {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: p.partitionKey ?? '1',
          sequenceNumber,
          data,
          approximateArrivalTimestamp: Math.round(time.getTime() - ids.int(50, 500)) / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: p.role ?? `arn:${partition}:iam::${account}:role/lambda-role`,
        awsRegion: region,
        eventSourceARN: streamArn,
      },
    ],
  };
}
