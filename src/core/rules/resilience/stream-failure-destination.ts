/** resilience/stream-failure-destination: SQS, Kinesis and DynamoDB mappings without failure handling. */
import { emptyScalar, get } from '../../parse/ast';
import { asNumber, resolve } from '../../formats/cloudformation/values';
import type { EventSourceMapping, LambdaFunction } from '../../formats/cloudformation/types';
import type { Rule, RuleContext } from '../types';

function handled(esm: EventSourceMapping): boolean | undefined {
  if (esm.kind === 'sqs') {
    // SQS retries via the queue: failures need a redrive policy (DLQ) on the queue itself.
    if (!esm.queue) return undefined; // the queue is not in this template: nothing to judge
    return get(esm.queue.properties, 'RedrivePolicy') !== undefined;
  }
  return get(get(esm.properties, 'DestinationConfig'), 'OnFailure') !== undefined;
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
      sqs: 'Queue {{queue}} feeds {{function}} but has no RedrivePolicy: a message that keeps failing is retried until it expires, then lost.',
      stream:
        'The {{source}} mapping of {{function}} has no DestinationConfig.OnFailure: a failing batch blocks the shard until the records expire.',
      streamDropped:
        'The {{source}} mapping of {{function}} has no DestinationConfig.OnFailure: after its limited retries a failing batch is discarded, and nobody knows.',
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
  const at = esm.event ? esm.event.pair.key : esm.resource!.keyNode;
  if (esm.kind === 'sqs' && esm.queue) {
    context.report({
      messageId: 'sqs',
      data: { queue: esm.queue.id, function: fn.id },
      start: at.start,
      end: at.end,
      functions: [fn.id],
      related: [
        { start: esm.queue.keyNode.start, end: esm.queue.keyNode.end, message: `queue ${esm.queue.id}` },
      ],
    });
    return;
  }
  // With a retry or record-age limit the shard moves on: the batch is dropped rather than blocking.
  const retries = asNumber(
    resolve(get(esm.properties, 'MaximumRetryAttempts') ?? emptyScalar(), context.model.parameters),
  );
  const age = asNumber(
    resolve(get(esm.properties, 'MaximumRecordAgeInSeconds') ?? emptyScalar(), context.model.parameters),
  );
  const limited = (retries !== undefined && retries >= 0) || (age !== undefined && age >= 0);
  context.report({
    messageId: limited ? 'streamDropped' : 'stream',
    data: { source: esm.kind === 'kinesis' ? 'Kinesis' : 'DynamoDB stream', function: fn.id },
    start: at.start,
    end: at.end,
    functions: [fn.id],
  });
}
