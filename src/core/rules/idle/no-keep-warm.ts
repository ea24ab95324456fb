/** idle/no-keep-warm: frequent schedules whose only job is to ping a function. */
import type { LambdaFunction, Schedule } from '../../model/types';
import { asString } from '../../model/values';
import type { Rule, RuleContext } from '../types';
import { schedulePeriodMinutes } from '../helpers';

/** Whole words that mark a keep-warm ping (matched on words, so "Shipping" or "Swarm" are not pings). */
const WARM_WORD =
  /^(warm|warmer|warmers|warmup|warming|keepwarm|keepalive|ping|pings|pinger|heartbeat|wake|wakeup)$/;

/** The words of a text: split at camelCase humps and at anything not a letter or digit, lower-cased. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Letters that every keep-warm word and phrase contains (`warm…`, `ping…`, `…alive`, `heartbeat`,
 * `wake…`): a text without any of them is not a ping, and is not split into words.
 */
const WARM_HINT = /warm|ping|alive|heartbeat|wake/i;

function saysWarm(text: string): boolean {
  if (!WARM_HINT.test(text)) return false;
  const w = words(text);
  return w.some((word) => WARM_WORD.test(word)) || w.join(' ').includes('keep alive');
}

/** True when the schedule's input, name or description says it exists to keep the function warm. */
function isPing(schedule: Schedule): boolean {
  return saysWarm(schedule.inputText(WARM_HINT)) || schedule.labels.some(saysWarm);
}

export const noKeepWarm: Rule = {
  meta: {
    id: 'idle/no-keep-warm',
    tenet: 'idle',
    description: 'Flags schedules every 15 minutes or less that only ping a function to keep it warm.',
    why: 'Never pay for idle: a keep-warm ping pays for invocations that do nothing, keeps one environment warm at best, and does not help when traffic needs more than one.',
    alternative:
      'Shorter cold starts (smaller package, lazy imports, SnapStart, more memory), or provisioned concurrency with auto scaling where a latency objective demands it, measured.',
    justified:
      'Rarely: a legacy client with a hard timeout shorter than the cold start, until the cold start is fixed.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      keepWarm:
        'A {{expression}} schedule pings {{function}} only to keep it warm: you pay for idle invocations and cold starts still happen under load.',
    },
    options: {
      maxPeriod: {
        description: 'Schedules at this period or more often (minutes) are considered keep-warm pings.',
        default: { recommended: 15, strict: 15, relaxed: 15 },
        min: 1,
        max: 1440,
        unit: 'minutes',
      },
    },
  },
  check(context) {
    for (const fn of context.model.functions) {
      for (const schedule of fn.schedules) {
        // A parameter's default is read; any other intrinsic is decided at deploy time and not guessed.
        const expression = asString(schedule.expression);
        if (expression === undefined) continue;
        const period = schedulePeriodMinutes(expression);
        if (period === undefined || period > context.options.maxPeriod || !isPing(schedule)) continue;
        report(context, fn, schedule, expression);
      }
    }
  },
};

function report(context: RuleContext, fn: LambdaFunction, schedule: Schedule, expression: string): void {
  context.report({
    messageId: 'keepWarm',
    data: { expression, function: fn.id },
    ...schedule.span,
    functions: [fn.id],
  });
}
