/** Sample events of queues, topics, buckets, EventBridge, schedules and streams: real checksums and encodings. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../../../src/lambda/events';

const TIME = '2024-05-01T12:00:00.123Z';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
type Json = Record<string, unknown>;
const records = (event: unknown) => (event as { Records: Json[] }).Records;
const obj = (value: unknown) => value as Json;

describe('message and storage events', () => {
  it('SQS: record keys exactly as Lambda sends them; md5OfBody is the MD5 of body', () => {
    const [record] = records(sampleEvent('sqs', { queue: 'orders', payload: { id: 1 }, time: TIME }));
    expect(Object.keys(record)).toEqual([
      'messageId',
      'receiptHandle',
      'body',
      'attributes',
      'messageAttributes',
      'md5OfBody',
      'eventSource',
      'eventSourceARN',
      'awsRegion',
    ]);
    expect(record.body).toBe('{"id":1}');
    expect(record.md5OfBody).toBe(md5(record.body as string));
    expect(record.eventSource).toBe('aws:sqs');
    expect(record.eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:orders');
    expect(record.receiptHandle).toMatch(/^AQEB[A-Za-z0-9+/=]{300,}$/);
    const attributes = obj(record.attributes);
    expect(Object.keys(attributes)).toEqual([
      'ApproximateReceiveCount',
      'SentTimestamp',
      'SenderId',
      'ApproximateFirstReceiveTimestamp',
    ]);
    expect(attributes.ApproximateFirstReceiveTimestamp).toBe(String(Date.parse(TIME)));
    expect(Number(attributes.SentTimestamp)).toBeLessThanOrEqual(Date.parse(TIME));
  });

  it('SQS: a queue ARN gives region and account; FIFO queues add their attributes', () => {
    const [record] = records(
      sampleEvent('sqs', { queue: 'arn:aws:sqs:eu-central-1:111122223333:jobs.fifo', payload: 'plain text' }),
    );
    expect(record.eventSourceARN).toBe('arn:aws:sqs:eu-central-1:111122223333:jobs.fifo');
    expect(record.awsRegion).toBe('eu-central-1');
    expect(record.body).toBe('plain text');
    expect(record.md5OfBody).toBe(md5('plain text'));
    expect(obj(record.attributes)).toMatchObject({
      MessageGroupId: expect.any(String),
      SequenceNumber: expect.stringMatching(/^\d{20}$/),
    });
    expect(obj(record.attributes).MessageDeduplicationId).toBeTruthy();
  });

  it('SQS fed by an SNS topic: the body is the notification envelope (unless raw delivery)', () => {
    const [record] = records(sampleEvent('sqs', { queue: 'q', fromTopic: 'alerts', payload: 'hi' }));
    expect(record.body).toMatch(/^\{\n {2}"Type" : "Notification",\n {2}"MessageId" : "/);
    const envelope = JSON.parse(record.body as string);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      Message: 'hi',
    });
    expect(envelope).toHaveProperty('SigningCertURL');
    expect(envelope).not.toHaveProperty('Subject');
    expect(record.md5OfBody).toBe(md5(record.body as string));
    const [raw] = records(
      sampleEvent('sqs', { queue: 'q', fromTopic: 'alerts', rawMessageDelivery: true, payload: 'hi' }),
    );
    expect(raw.body).toBe('hi');
  });

  it('SNS: the notification with the topic ARN, a subscription ARN under it, and a 2048-bit signature', () => {
    const [record] = records(
      sampleEvent('sns', { topic: 'alerts', subject: 'Heads up', payload: 'disk full', time: TIME }),
    );
    expect(record.EventSource).toBe('aws:sns');
    const sns = obj(record.Sns);
    expect(sns.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:alerts');
    expect(record.EventSubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:alerts:[0-9a-f-]{36}$/);
    expect(sns).toMatchObject({
      Type: 'Notification',
      Subject: 'Heads up',
      Message: 'disk full',
      SignatureVersion: '1',
    });
    expect(sns.Timestamp).toBe(TIME);
    expect(Buffer.from(sns.Signature as string, 'base64')).toHaveLength(256);
    expect(sns.UnsubscribeUrl).toContain(`SubscriptionArn=${record.EventSubscriptionArn}`);
    expect(sns.SigningCertUrl).toMatch(
      /^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]{32}\.pem$/,
    );
    expect(obj(records(sampleEvent('sns'))[0].Sns).Subject).toBeNull();
  });

  it('S3: eventVersion 2.1, ObjectCreated:Put, bucket name and ARN, size and eTag of the object', () => {
    const [record] = records(
      sampleEvent('s3', { bucket: 'photos', key: 'in/my cat.jpg', payload: 'abc', time: TIME }),
    );
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      eventTime: TIME,
    });
    const s3 = obj(record.s3);
    expect(obj(s3.bucket)).toMatchObject({ name: 'photos', arn: 'arn:aws:s3:::photos' });
    expect(obj(s3.object)).toMatchObject({ key: 'in/my+cat.jpg', size: 3, eTag: md5('abc') });
    expect(obj(s3.object).sequencer).toMatch(/^[0-9A-F]{18}$/);
  });

  it('S3: event names from the template (s3: prefix, wildcards); deletions have no size or eTag', () => {
    expect(records(sampleEvent('s3', { eventName: 's3:ObjectCreated:*' }))[0].eventName).toBe(
      'ObjectCreated:Put',
    );
    expect(
      records(sampleEvent('s3', { eventName: 'ObjectCreated:CompleteMultipartUpload' }))[0].eventName,
    ).toBe('ObjectCreated:CompleteMultipartUpload');
    const [removed] = records(sampleEvent('s3', { eventName: 's3:ObjectRemoved:*' }));
    expect(removed.eventName).toBe('ObjectRemoved:Delete');
    expect(Object.keys(obj(obj(removed.s3).object))).toEqual(['key', 'sequencer']);
  });
});

describe('EventBridge and schedules', () => {
  it('EventBridge: version, id, detail-type, source, account, time (to the second), region, resources, detail', () => {
    const event = obj(
      sampleEvent('eventbridge', {
        source: 'com.shop',
        detailType: 'Order Placed',
        payload: { id: 7 },
        time: TIME,
      }),
    );
    expect(Object.keys(event)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Order Placed',
      source: 'com.shop',
      time: '2024-05-01T12:00:00Z',
      detail: { id: 7 },
    });
  });

  it('EventBridge: a target Input replaces the event, an InputPath selects part of it', () => {
    expect(sampleEvent('eventbridge', { input: '{"fixed":true}' })).toEqual({ fixed: true });
    expect(sampleEvent('eventbridge', { payload: { id: 7 }, inputPath: '$.detail' })).toEqual({ id: 7 });
    expect(sampleEvent('eventbridge', { source: 'a.b', inputPath: '$.source' })).toBe('a.b');
  });

  it('Schedule: a Scheduled Event from aws.events naming its rule, with an empty detail', () => {
    const event = obj(sampleEvent('schedule', { ruleName: 'nightly', time: TIME }));
    expect(event).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      detail: {},
      time: '2024-05-01T12:00:00Z',
    });
    expect(event.resources).toEqual(['arn:aws:events:us-east-1:123456789012:rule/nightly']);
  });

  it("Schedule: the Input is sent instead of the event; EventBridge Scheduler's default event", () => {
    expect(sampleEvent('schedule', { input: '{"job":"cleanup"}' })).toEqual({ job: 'cleanup' });
    const scheduler = obj(
      sampleEvent('schedule', { scheduler: true, ruleName: 'Cleanup', scheduleGroup: 'ops' }),
    );
    expect(scheduler.source).toBe('aws.scheduler');
    expect(scheduler.resources).toEqual(['arn:aws:scheduler:us-east-1:123456789012:schedule/ops/Cleanup']);
    expect(scheduler.detail).toBe('{}');
  });
});

describe('stream events', () => {
  it('DynamoDB: INSERT then MODIFY, attribute-value images, stream ARN, sizes as DynamoDB counts them', () => {
    const event = sampleEvent('dynamodb', {
      table: 'orders',
      tableKeys: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'N' },
      ],
      time: TIME,
    });
    const [insert, modify] = records(event);
    expect([insert.eventName, modify.eventName]).toEqual(['INSERT', 'MODIFY']);
    expect(insert.eventSource).toBe('aws:dynamodb');
    expect(insert.eventSourceARN).toMatch(
      /^arn:aws:dynamodb:us-east-1:123456789012:table\/orders\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/,
    );
    const a = obj(insert.dynamodb);
    const b = obj(modify.dynamodb);
    expect(a.Keys).toEqual({ pk: { S: 'value-1' }, sk: { N: '102' } });
    expect(a).not.toHaveProperty('OldImage');
    expect(obj(a.NewImage).message).toEqual({ S: 'New item!' });
    expect(b.OldImage).toEqual(a.NewImage);
    expect(obj(b.NewImage).message).toEqual({ S: 'This item has changed' });
    expect(a.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    expect(BigInt(b.SequenceNumber as string)).toBeGreaterThan(BigInt(a.SequenceNumber as string));
    expect(insert.eventID).toMatch(/^[0-9a-f]{32}$/);
  });

  it('DynamoDB: SizeBytes follows the item size rules (the AWS example counts 26 and 59)', () => {
    // AWS's example: Keys {Id: N 101}, NewImage {Message: "New item!", Id: N 101} → 26 bytes.
    const [insert, modify] = records(
      sampleEvent('dynamodb', { tableKeys: [{ name: 'Id', type: 'N' }], payload: { Message: 'New item!' } }),
    );
    expect(obj(insert.dynamodb).Keys).toEqual({ Id: { N: '101' } });
    expect(obj(insert.dynamodb).SizeBytes).toBe(26);
    const m = obj(modify.dynamodb);
    const size = (item: unknown) =>
      Object.entries(obj(item)).reduce((sum, [k, v]) => {
        const av = obj(v);
        const value =
          'N' in av
            ? Math.ceil(String(av.N).replace(/^0+/, '').length / 2) + 1
            : Buffer.byteLength(String(av.S));
        return sum + Buffer.byteLength(k) + value;
      }, 0);
    expect(m.SizeBytes).toBe(size(m.Keys) + size(m.NewImage) + size(m.OldImage));
  });

  it('DynamoDB: a stream ARN is used as given; stream view types decide the images', () => {
    const arn = 'arn:aws:dynamodb:eu-west-1:111122223333:table/items/stream/2024-01-01T00:00:00.000';
    const [keysOnly] = records(sampleEvent('dynamodb', { table: arn, streamViewType: 'KEYS_ONLY' }));
    expect(keysOnly.eventSourceARN).toBe(arn);
    expect(keysOnly.awsRegion).toBe('eu-west-1');
    expect(Object.keys(obj(keysOnly.dynamodb))).toEqual([
      'ApproximateCreationDateTime',
      'Keys',
      'SequenceNumber',
      'SizeBytes',
      'StreamViewType',
    ]);
    const [, oldOnly] = records(sampleEvent('dynamodb', { table: 'items', streamViewType: 'OLD_IMAGE' }));
    expect(obj(oldOnly.dynamodb)).toHaveProperty('OldImage');
    expect(obj(oldOnly.dynamodb)).not.toHaveProperty('NewImage');
  });

  it('Kinesis: data is the base64 of the payload; eventID is shard and sequence number', () => {
    const payload = { click: 'buy', at: 1 };
    const [record] = records(
      sampleEvent('kinesis', { stream: 'clicks', partitionKey: 'user-1', payload, time: TIME }),
    );
    const kinesis = obj(record.kinesis);
    expect(Buffer.from(kinesis.data as string, 'base64').toString('utf8')).toBe(JSON.stringify(payload));
    expect(kinesis).toMatchObject({ kinesisSchemaVersion: '1.0', partitionKey: 'user-1' });
    expect(kinesis.sequenceNumber).toMatch(/^\d{56}$/);
    expect(kinesis.approximateArrivalTimestamp).toBeCloseTo(Date.parse(TIME) / 1000, 0);
    expect(record).toMatchObject({
      eventSource: 'aws:kinesis',
      eventName: 'aws:kinesis:record',
      eventID: `shardId-000000000000:${kinesis.sequenceNumber}`,
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks',
    });
    const [text] = records(sampleEvent('kinesis', { payload: 'raw line' }));
    expect(Buffer.from(obj(text.kinesis).data as string, 'base64').toString()).toBe('raw line');
  });
});
