/** resilience/async-failure-destination: async invocations with nowhere for failures to go. */
import type { Rule } from '../types';

export const asyncFailureDestination: Rule = {
  meta: {
    id: 'resilience/async-failure-destination',
    tenet: 'resilience',
    description:
      'Flags functions invoked asynchronously (S3, SNS, EventBridge, schedules) without an on-failure destination or dead-letter queue.',
    why: 'Implicitly fault-tolerant does not mean silent: after two retries Lambda drops an async event that keeps failing, and without a destination nobody knows.',
    alternative:
      'An EventInvokeConfig with DestinationConfig.OnFailure (SQS, SNS, EventBridge, S3) or a DeadLetterQueue, plus an alarm on it.',
    justified: 'Events that are safe to lose (idempotent refreshes that the next event repeats).',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      missing:
        '{{function}} is invoked asynchronously ({{sources}}) with no on-failure destination or DLQ: failed events are dropped after retries.',
    },
  },
  check(context) {
    for (const fn of context.model.functions) {
      // Invokers first: most functions have none, and the list is then shared and free.
      if (fn.asyncInvokers.length === 0 || fn.hasAsyncFailureDestination || fn.incomplete) continue;
      // Each named once: a format whose events have no names says `s3 event` for each of them.
      const invokers = [...new Set(fn.asyncInvokers)];
      context.report({
        messageId: 'missing',
        data: {
          function: fn.id,
          sources: invokers.slice(0, 3).join(', ') + (invokers.length > 3 ? ', …' : ''),
        },
        ...fn.site.span,
        functions: [fn.id],
      });
    }
  },
};
