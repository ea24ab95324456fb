/** resilience/queue-visibility: an SQS visibility timeout shorter than 6 × the function timeout. */
import type { LambdaFunction, Queue } from '../../model/types';
import { asNumber } from '../../model/values';
import type { Rule } from '../types';
import { insertFix, setValueFix } from '../helpers';

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
    const { model } = context;
    // Every function reading each queue: the slowest one decides what the queue needs, so that one
    // fix settles the queue for all its readers.
    const readers = new Map<
      Queue,
      { fn: LambdaFunction; timeout: number; window: number; needed: number }[]
    >();
    for (const fn of model.functions) {
      const mappings = fn.eventSourceMappings;
      if (mappings.length === 0) continue; // most functions read no queue: their timeout is not asked
      const written = fn.value('timeout');
      const timeout = written ? asNumber(written) : model.format.defaults.timeout;
      if (timeout === undefined) continue;
      for (const esm of mappings) {
        if (!esm.queue) continue;
        const list = readers.get(esm.queue) ?? [];
        // AWS: at least six times the function timeout, plus the batching window.
        const window = esm.batchingWindow;
        if (!list.some((r) => r.fn === fn)) list.push({ fn, timeout, window, needed: 6 * timeout + window });
        readers.set(esm.queue, list);
      }
    }
    for (const [queue, list] of readers) {
      const written = queue.visibilityTimeout;
      const visibility = written ? asNumber(written.value) : queue.defaultVisibilityTimeout;
      if (visibility === undefined) continue;
      const short = list.filter((r) => visibility < r.needed);
      if (short.length === 0) continue;
      const slowest = short.reduce((a, b) => (b.needed > a.needed ? b : a));
      const needed = slowest.needed;
      const name = model.format.nameOf('visibilityTimeout');
      const windowText = slowest.window ? ` + ${slowest.window} s batching window` : '';
      const fixTitle = `Set ${name} to ${needed} (6 × ${slowest.timeout} s${windowText})`;
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
        ...(written ? written.site.span : queue.site.span),
        functions: short.map((r) => r.fn.id),
        fixes: [
          written
            ? setValueFix(fixTitle, written.site, needed, 'safe')
            : insertFix(fixTitle, queue.site, [['visibilityTimeout', needed]], 'safe'),
        ],
      });
    }
  },
};
