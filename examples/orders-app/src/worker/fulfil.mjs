// Fulfils a batch of orders, reporting the ones that failed so only those are retried.
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

export const handler = async (event) => {
  // A new client per invocation: a new connection (and TLS handshake) every time.
  const sqs = new SQSClient({});
  const batchItemFailures = [];
  for (const record of event.Records ?? []) {
    const order = JSON.parse(record.body);
    if (!order.id) batchItemFailures.push({ itemIdentifier: record.messageId });
    else await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SHIPPING_QUEUE_URL, MessageBody: record.body }));
  }
  return { batchItemFailures };
};
