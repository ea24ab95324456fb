/** resilience/stream-failure-destination: SQS, Kinesis and DynamoDB mappings without failure handling. */
import type { EventSourceMapping, LambdaFunction } from '../../model/types';
import type { Rule, RuleContext } from '../types';

/** Whether failures are handled; undefined when it cannot be judged here. */
function handled(esm: EventSourceMapping): boolean | undefined {
  if (esm.kind === 'sqs') {
    // SQS retries via the queue: failures need a redrive policy (DLQ) on the queue itself.
    if (!esm.queue) return undefined; // the queue is not in this file: nothing to judge
    return esm.queue.hasDeadLetterQueue;
  }
  return esm.hasOnFailure;
}

export const streamFailureDestination: Rule = {
  meta: {
    id: 'resilience/stream-failure-destination',
    tenet: 'resilience',
    description:
      'Flags SQS, Kinesis and DynamoDB stream mappings without on-failure handling (a DLQ or an OnFailure destination).',
    why: 'A poison message blocks a stream shard until it expires (up to a year for Kinesis), or an SQS message cycles until its retention ends, then disappears: either way the failure is silent.',
    alternative:
      'Streams: DestinationConfig.OnFailure with MaximumRetryAttempts and BisectBatchOnFunctionError. SQS: a RedrivePolicy with a dead-letter queue, and ReportBatchItemFailures.',
    justified: 'Data that is safe to lose or replay from the source.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      sqs: 'Queue {{queue}} feeds {{function}} but has no {{setting}}: a message that keeps failing is retried until it expires, then lost.',
      stream:
        'The {{source}} mapping of {{function}} has no {{setting}}: a failing batch blocks the shard until the records expire.',
      streamDropped:
        'The {{source}} mapping of {{function}} has no {{setting}}: after its limited retries a failing batch is discarded, and nobody knows.',
    },
  },
  check(context) {
    for (const fn of context.model.functions) {
      for (const esm of fn.eventSourceMappings) {
        if (esm.kind !== 'sqs' && esm.kind !== 'kinesis' && esm.kind !== 'dynamodb') continue;
        if (handled(esm) !== false) continue;
        report(context, fn, esm);
      }
    }
  },
};

function report(context: RuleContext, fn: LambdaFunction, esm: EventSourceMapping): void {
  const { nameOf } = context.model.format;
  if (esm.kind === 'sqs' && esm.queue) {
    const queue = esm.queue.site.span;
    context.report({
      messageId: 'sqs',
      data: { queue: esm.queue.id, function: fn.id, setting: nameOf('redrivePolicy') },
      ...esm.span,
      functions: [fn.id],
      related: [{ ...queue, message: `queue ${esm.queue.id}` }],
    });
    return;
  }
  // With a retry or record-age limit the shard moves on: the batch is dropped rather than blocking.
  context.report({
    messageId: esm.retriesLimited ? 'streamDropped' : 'stream',
    data: {
      source: esm.kind === 'kinesis' ? 'Kinesis' : 'DynamoDB stream',
      function: fn.id,
      setting: nameOf('onFailure'),
    },
    ...esm.span,
    functions: [fn.id],
  });
}
