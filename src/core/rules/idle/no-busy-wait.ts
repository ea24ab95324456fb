/** idle/no-busy-wait: sleeping, polling and spinning inside the handler, billed as idle time. */
import type { CodeNode } from '../../code/code-node';
import { runsPerInvocation } from '../../code/handler-scope';
import type { CodeModel } from '../../code/model';
import { originOf } from '../../code/resolve';
import { dottedName } from '../../code/sdk';
import { type Duration, enclosingLoop, findSleeps, sleepDuration } from '../../code/sleeps';
import { isFunctionNode } from '../../code/scope-ops';
import { constantValue } from '../../code/values';
import type { Rule } from '../types';

const CLOCKS = new Set([
  'Date.now',
  'performance.now',
  'process.hrtime',
  'process.hrtime.bigint',
  'time.time',
  'time.monotonic',
  'time.perf_counter',
  'datetime.datetime.now',
  'datetime.datetime.utcnow',
]);
const COMPARISONS = new Set(['<', '<=', '>', '>=']);

export const noBusyWait: Rule = {
  meta: {
    id: 'idle/no-busy-wait',
    tenet: 'idle',
    description: 'Flags sleeps of a second or more, polling loops and clock spins inside the handler (code).',
    why: 'A Lambda function is billed for every millisecond it runs, waiting included: a handler that sleeps or polls pays for idle time, holds a concurrency slot, and risks its timeout — the opposite of "never pay for idle".',
    alternative:
      'Let the platform wait: a Step Functions Wait state (or a Wait/Choice polling loop), an SQS delay queue or visibility timeout, an EventBridge Scheduler one-time schedule, or an event when the work is done.',
    justified:
      'Waits that are part of a short retry with back-off (they stay clean), or a brief, bounded wait for eventual consistency that no event can signal.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      sleep:
        'The handler sleeps {{seconds}} s: it is billed while it waits. Let a Step Functions Wait state, an SQS delay or an EventBridge schedule do the waiting.',
      poll: 'The handler waits in a loop ({{wait}} per round): it is billed while it waits and may time out. Use a Step Functions Wait/Choice loop, a queue, or react to an event when the work is done.',
      spin: 'The handler spins on the clock: it burns billed CPU doing nothing. Let a Step Functions Wait state or a schedule do the waiting.',
    },
    options: {
      minSleepSeconds: {
        description: 'Sleeps at least this long are flagged (shorter waits, as in retries, are not).',
        default: { recommended: 1, strict: 1, relaxed: 1 },
        min: 0,
        max: 900,
        unit: 's',
      },
    },
  },
  checkCode(context) {
    const { model } = context;
    const minimum = context.options.minSleepSeconds ?? 1;
    const reportedLoops = new Set<CodeNode>();
    for (const sleep of findSleeps(model)) {
      if (!runsPerInvocation(model, sleep.node)) continue;
      const loop = enclosingLoop(model, sleep.node);
      const duration = sleepDuration(model, sleep);
      const long = isLong(duration, minimum);
      // A wait after a failure, in a loop that gives up after some attempts, is a retry with back-off.
      if (loop && (duration.kind === 'growing' || (duration.kind === 'constant' && !long)))
        if (isRetryAfterFailure(model, loop, sleep.node)) continue;
      if (loop && !reportedLoops.has(loop) && (long || !isBounded(model, loop))) {
        reportedLoops.add(loop);
        context.report({ messageId: 'poll', data: { wait: describe(duration) }, ...loopHeader(loop) });
      } else if (!loop && long && duration.kind === 'constant') {
        context.report({
          messageId: 'sleep',
          data: { seconds: round(duration.seconds) },
          start: sleep.node.start,
          end: sleep.node.end,
        });
      }
    }
    for (const loop of model.loops)
      if (!reportedLoops.has(loop) && isSpin(model, loop) && runsPerInvocation(model, loop))
        context.report({ messageId: 'spin', ...loopHeader(loop) });
  },
};

function isLong(d: Duration, minimum: number): boolean {
  if (d.kind === 'constant') return d.seconds >= minimum;
  // Back-off that starts small is a retry; one that starts long is polling.
  return d.kind === 'growing' && d.firstSeconds !== undefined && d.firstSeconds >= minimum;
}

function describe(d: Duration): string {
  if (d.kind === 'constant') return `${round(d.seconds)} s`;
  if (d.kind === 'growing')
    return d.firstSeconds !== undefined ? `from ${round(d.firstSeconds)} s, growing` : 'growing waits';
  return 'a wait';
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** A loop's first line up to its body: `while (true) `, `for attempt in range(5):`. */
function loopHeader(loop: CodeNode): { start: number; end: number } {
  const body = loop.field('body');
  const end = loop.type === 'do_statement' || !body ? loop.start + 2 : body.start;
  const header = loop.source.slice(loop.start, end);
  return { start: loop.start, end: loop.start + header.trimEnd().length };
}

/** A loop with a fixed number of rounds: over a collection, over `range(n)`, or counting to a constant. */
function isBounded(model: CodeModel, loop: CodeNode): boolean {
  if (loop.type === 'for_in_statement') return true;
  if (loop.type === 'for_statement' && model.family === 'python') return true;
  let condition = loop.field('condition');
  if (condition?.type === 'expression_statement') condition = condition.items[0];
  return !!condition && comparesWithConstant(model, condition);
}

const CATCH_TYPES = new Set(['catch_clause', 'except_clause']);
const GIVE_UP_TYPES = new Set(['throw_statement', 'raise_statement', 'break_statement', 'return_statement']);

/**
 * A wait in a `catch`/`except` clause of the loop (the round failed) in a loop that ends by its
 * attempts: bounded by a constant, counting to a limit (`i < attempts`, `attempt < opts.retries`), or
 * whose catch clause gives up (`if (++attempt >= 3) throw err`). Polling waits for a state change
 * after a round that worked; a retry waits only after one that failed.
 */
function isRetryAfterFailure(model: CodeModel, loop: CodeNode, wait: CodeNode): boolean {
  const clause = wait.ancestor(
    (n) => CATCH_TYPES.has(n.type),
    (n) => n === loop || isFunctionNode(n),
  );
  if (!clause) return false;
  return isBounded(model, loop) || countsToLimit(loop) || givesUp(clause);
}

/** `for (let i = 0; i < n; i++)`, `while (attempt < maxAttempts)`: a comparison of plain values, no clock. */
function countsToLimit(loop: CodeNode): boolean {
  let condition = loop.field('condition');
  if (condition?.type === 'expression_statement') condition = condition.items[0];
  if (!condition) return false;
  let ordered = false;
  let calls = false;
  condition.walk((n) => {
    if (n.type === 'call_expression' || n.type === 'call' || n.type === 'new_expression') calls = true;
    if (
      (n.type === 'binary_expression' || n.type === 'comparison_operator') &&
      n.syntax.tokens.some((t) => COMPARISONS.has(t))
    )
      ordered = true;
    return !calls;
  });
  return ordered && !calls;
}

/** The clause can end the loop: a throw, raise, break or return (the retries run out). */
function givesUp(clause: CodeNode): boolean {
  let found = false;
  clause.walk((n) => {
    if (isFunctionNode(n)) return false;
    if (GIVE_UP_TYPES.has(n.type)) found = true;
    return !found;
  });
  return found;
}

function comparesWithConstant(model: CodeModel, node: CodeNode): boolean {
  let bounded = false;
  node.walk((n) => {
    if (isFunctionNode(n)) return false;
    const op = n.syntax.tokens.find((t) => COMPARISONS.has(t));
    if (op && (n.type === 'binary_expression' || n.type === 'comparison_operator')) {
      const sides = n.type === 'binary_expression' ? [n.field('left'), n.field('right')] : n.items;
      if (sides.some((side) => typeof constantValue(model, side) === 'number')) bounded = true;
    }
    return !bounded;
  });
  return bounded;
}

/** `while (Date.now() < end) {}`: a loop on the clock with nothing in it. */
function isSpin(model: CodeModel, loop: CodeNode): boolean {
  const body = loop.field('body');
  const empty =
    !body || body.type === 'empty_statement' || body.items.every((s) => s.type === 'pass_statement');
  if (!empty) return false;
  let onClock = false;
  loop.field('condition')?.walk((n) => {
    if (n.type === 'call_expression' || n.type === 'call' || n.type === 'new_expression') {
      const name = dottedName(
        originOf(model, n.field(n.type === 'new_expression' ? 'constructor' : 'function')),
      );
      if (name && (CLOCKS.has(name) || (n.type === 'new_expression' && name === 'Date'))) onClock = true;
    }
    return !onClock;
  });
  return onClock;
}
