/** resilience/queue-visibility: an SQS visibility timeout shorter than 6 × the function timeout. */
import { findPair, get } from '../../parse/ast';
import { asNumber, resolve } from '../../formats/cloudformation/values';
import type { LambdaFunction, Resource } from '../../formats/cloudformation/types';
import type { Rule } from '../types';
import { insertFix, pairSpan, setValueFix } from '../helpers';

/** SQS's default visibility timeout and Lambda's default timeout, in seconds. */
const SQS_DEFAULT_VISIBILITY = 30;
const LAMBDA_DEFAULT_TIMEOUT = 3;

export const queueVisibility: Rule = {
  meta: {
    id: 'resilience/queue-visibility',
    tenet: 'resilience',
    description:
      'Flags SQS queues feeding a function whose VisibilityTimeout is below 6 × the function timeout.',
    why: 'When the visibility timeout is shorter than processing (with retries and batching), a message becomes visible again while it is still being handled and is processed twice.',
    alternative:
      'Set the queue VisibilityTimeout to at least six times the function Timeout (plus MaximumBatchingWindowInSeconds), as the Lambda documentation recommends.',
    justified: 'Idempotent consumers where duplicate processing is harmless and fast redelivery is wanted.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'safe',
    messages: {
      short:
        'Queue {{queue}} has a visibility timeout of {{visibility}} s, below 6 × the {{timeout}} s timeout of {{function}} ({{needed}} s): messages can be processed twice.',
      shortWithWindow:
        'Queue {{queue}} has a visibility timeout of {{visibility}} s, below 6 × the {{timeout}} s timeout of {{function}} plus its {{window}} s batching window ({{needed}} s): messages can be processed twice.',
    },
  },
  check(context) {
    const params = context.model.parameters;
    // Every function reading each queue: the slowest one decides what the queue needs, so that one
    // fix settles the queue for all its readers.
    const readers = new Map<
      Resource,
      { fn: LambdaFunction; timeout: number; window: number; needed: number }[]
    >();
    for (const fn of context.model.functions) {
      const timeoutProp = fn.props.get('Timeout');
      const timeout = timeoutProp ? asNumber(timeoutProp.resolved) : LAMBDA_DEFAULT_TIMEOUT;
      if (timeout === undefined) continue;
      for (const esm of fn.eventSourceMappings) {
        if (!esm.queue) continue;
        const list = readers.get(esm.queue) ?? [];
        // AWS: at least six times the function timeout, plus the batching window.
        const windowNode = get(esm.properties, 'MaximumBatchingWindowInSeconds');
        const window = (windowNode && asNumber(resolve(windowNode, params))) || 0;
        if (!list.some((r) => r.fn === fn)) list.push({ fn, timeout, window, needed: 6 * timeout + window });
        readers.set(esm.queue, list);
      }
    }
    for (const [queue, list] of readers) {
      const pair = queue.properties ? findPair(queue.properties, 'VisibilityTimeout') : undefined;
      const resolved = pair ? resolve(pair.value, params) : undefined;
      const visibility = pair ? asNumber(resolved) : SQS_DEFAULT_VISIBILITY;
      if (visibility === undefined) continue;
      const short = list.filter((r) => visibility < r.needed);
      if (short.length === 0) continue;
      const slowest = short.reduce((a, b) => (b.needed > a.needed ? b : a));
      const needed = slowest.needed;
      const windowText = slowest.window ? ` + ${slowest.window} s batching window` : '';
      const fixTitle = `Set VisibilityTimeout to ${needed} (6 × ${slowest.timeout} s${windowText})`;
      context.report({
        messageId: slowest.window ? 'shortWithWindow' : 'short',
        data: {
          queue: queue.id,
          visibility,
          timeout: slowest.timeout,
          function: slowest.fn.id,
          needed,
          window: slowest.window,
        },
        ...(pair ? pairSpan(pair) : { start: queue.keyNode.start, end: queue.keyNode.end }),
        functions: short.map((r) => r.fn.id),
        fixes:
          pair && resolved
            ? setValueFix(fixTitle, pair.value, resolved, String(needed), true)
            : insertFix(context, fixTitle, queue.properties, [['VisibilityTimeout', String(needed)]], true),
      });
    }
  },
};
