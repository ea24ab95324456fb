/** Message and storage events: SQS messages, SNS notifications, S3 object notifications. */
import { type Base, baseOf, payloadText } from './base';
import { type Ids, md5, nameOrArn } from './ids';
import type { SampleParams } from './types';

const UPPER_HEX = '0123456789ABCDEF';

/** The SNS notification, in the shape Lambda gets (`Sns`) or the one SQS and HTTP subscribers get. */
function snsNotification(
  base: Base,
  topicArn: string,
  message: string,
  subject: string | undefined,
  subscriptionArn: string,
  style: 'lambda' | 'json',
): Record<string, unknown> {
  const { ids, region, time } = base;
  const host = `https://sns.${region}.amazonaws.com`;
  const certUrl = `${host}/SimpleNotificationService-${ids.hex(32)}.pem`;
  const unsubscribeUrl = `${host}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
  const notification: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: ids.uuid(),
    TopicArn: topicArn,
  };
  // Lambda always has a Subject (null without one); the JSON envelope leaves it out.
  if (style === 'lambda' || subject !== undefined) notification.Subject = subject ?? null;
  Object.assign(notification, {
    Message: message,
    Timestamp: time.toISOString(),
    SignatureVersion: '1',
    // An RSA-2048 signature, base64.
    Signature: ids.base64(256),
  });
  if (style === 'lambda') {
    Object.assign(notification, {
      SigningCertUrl: certUrl,
      UnsubscribeUrl: unsubscribeUrl,
      MessageAttributes: {},
    });
  } else {
    Object.assign(notification, { SigningCertURL: certUrl, UnsubscribeURL: unsubscribeUrl });
  }
  return notification;
}

function topicOf(value: string | undefined, base: Base): { arn: string; name: string } {
  const source = nameOrArn(value ?? 'my-topic');
  const arn = source.arn
    ? (value as string)
    : `arn:${base.partition}:sns:${base.region}:${base.account}:${source.name}`;
  return { arn, name: source.name };
}

/** SNS writes the envelope it sends to queues with ` : ` between keys and values. */
function envelopeText(notification: Record<string, unknown>): string {
  const lines = Object.entries(notification).map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`);
  return `{\n${lines.join(',\n')}\n}`;
}

/** An SQS message, as Lambda's event source mapping delivers it. FIFO queues add their attributes. */
export function sqsEvent(p: SampleParams): Record<string, unknown> {
  const queue = nameOrArn(p.queue ?? 'my-queue');
  const base = baseOf('sqs', p, queue.arn);
  const { ids, region, account, partition, time } = base;
  const queueArn = queue.arn
    ? (p.queue as string)
    : `arn:${partition}:sqs:${region}:${account}:${queue.name}`;
  let body: string;
  if (p.fromTopic !== undefined && !p.rawMessageDelivery) {
    const topic = topicOf(p.fromTopic, base);
    const message = payloadText(p.payload, { message: 'Hello from SNS!' });
    const notification = snsNotification(
      base,
      topic.arn,
      message,
      p.subject,
      `${topic.arn}:${ids.uuid()}`,
      'json',
    );
    body = envelopeText(notification);
  } else {
    body = payloadText(p.payload, { message: 'Hello from SQS!' });
  }
  const received = time.getTime();
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(received - ids.int(5, 40)),
  };
  const fifo = queue.name.endsWith('.fifo');
  if (fifo) {
    attributes.SequenceNumber = ids.digits(20);
    attributes.MessageGroupId = 'group-1';
  }
  attributes.SenderId = p.fromTopic !== undefined ? `AIDA${ids.chars(17)}` : `AROA${ids.chars(17)}:sender`;
  if (fifo) attributes.MessageDeduplicationId = md5(body);
  attributes.ApproximateFirstReceiveTimestamp = String(received);
  return {
    Records: [
      {
        messageId: ids.uuid(),
        receiptHandle: `AQEB${ids.base64(264)}`,
        body,
        attributes,
        messageAttributes: {},
        md5OfBody: md5(body),
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: region,
      },
    ],
  };
}

/** An SNS notification delivered to a subscribed function. */
export function snsEvent(p: SampleParams): Record<string, unknown> {
  const topicSource = nameOrArn(p.topic ?? 'my-topic');
  const base = baseOf('sns', p, topicSource.arn);
  const topic = topicOf(p.topic, base);
  const subscriptionArn = `${topic.arn}:${base.ids.uuid()}`;
  const message = payloadText(p.payload, { message: 'Hello from SNS!' });
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: snsNotification(base, topic.arn, message, p.subject, subscriptionArn, 'lambda'),
      },
    ],
  };
}

/** An S3 event name without its `s3:` prefix and wildcard: `s3:ObjectCreated:*` → `ObjectCreated:Put`. */
export function s3EventName(name: string | undefined): string {
  const bare = (name ?? 'ObjectCreated:Put').replace(/^s3:/, '');
  const [category, action] = bare.split(':');
  if (action && action !== '*') return bare;
  const first: Record<string, string> = {
    ObjectCreated: 'Put',
    ObjectRemoved: 'Delete',
    ObjectRestore: 'Completed',
    ObjectTagging: 'Put',
    ObjectAcl: 'Put',
    LifecycleExpiration: 'Delete',
    Replication: 'OperationFailedReplication',
  };
  return `${category}:${first[category] ?? 'Put'}`;
}

/** Object keys in S3 notifications are URL-encoded, with `+` for spaces. */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

/** An S3 event notification: one record, for an object the size and MD5 of the sample payload. */
export function s3Event(p: SampleParams): Record<string, unknown> {
  const bucket = nameOrArn(p.bucket ?? 'amzn-s3-demo-bucket');
  const base = baseOf('s3', p, null);
  const { ids, partition, time } = base;
  const eventName = s3EventName(p.eventName);
  const content = payloadText(p.payload, { message: 'Hello from S3!' });
  const object: Record<string, unknown> = { key: encodeKey(p.key ?? 'uploads/sample.json') };
  if (!eventName.startsWith('ObjectRemoved:') && !eventName.startsWith('LifecycleExpiration:')) {
    object.size = Buffer.byteLength(content);
    object.eTag = md5(content);
  }
  object.sequencer = sequencer(ids);
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: base.region,
        eventTime: time.toISOString(),
        eventName,
        userIdentity: { principalId: `AWS:AIDA${ids.chars(17)}` },
        requestParameters: { sourceIPAddress: ids.ip() },
        responseElements: {
          'x-amz-request-id': ids.chars(16, UPPER_HEX),
          'x-amz-id-2': ids.base64(57),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: ids.uuid(),
          bucket: {
            name: bucket.name,
            ownerIdentity: { principalId: `A${ids.chars(13)}` },
            arn: `arn:${partition}:s3:::${bucket.name}`,
          },
          object,
        },
      },
    ],
  };
}

function sequencer(ids: Ids): string {
  return ids.chars(18, UPPER_HEX);
}
