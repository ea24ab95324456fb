/** idle/no-keep-warm: frequent schedules whose only job is to ping a function. */
import { deref, get } from '../../parse/ast';
import { asString, resolve } from '../../formats/cloudformation/values';
import { toJS } from '../../parse/to-js';
import type { LambdaFunction, Schedule } from '../../formats/cloudformation/types';
import type { Rule, RuleContext } from '../types';
import { nodeSpan, schedulePeriodMinutes } from '../helpers';

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
function isPing(schedule: Schedule, text: string): boolean {
  // Bounded: an input is a short constant; a longer one is not a ping. Converted only when its
  // written text could say so: without an escape (`\`) or an alias (`*`), the value's words are
  // in the text as written.
  const written = schedule.input ? text.slice(schedule.input.start, schedule.input.end) : '';
  const input =
    schedule.input && (WARM_HINT.test(written) || /[\\*]/.test(written))
      ? JSON.stringify(toJS(schedule.input)).slice(0, 10_000)
      : '';
  const [label, properties] =
    'resource' in schedule.source
      ? [schedule.source.resource.id, schedule.source.resource.properties]
      : [schedule.source.event.name, schedule.source.event.properties];
  const named = (key: string) => {
    const value = deref(get(properties, key));
    return value?.kind === 'scalar' ? value.value : '';
  };
  return [input, label, named('Name'), named('Description')].some(saysWarm);
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
        const expression = asString(resolve(schedule.expression, context.model.parameters));
        if (expression === undefined) continue;
        const period = schedulePeriodMinutes(expression);
        if (
          period === undefined ||
          period > context.options.maxPeriod ||
          !isPing(schedule, context.model.doc.text)
        )
          continue;
        report(context, fn, schedule, expression);
      }
    }
  },
};

function report(context: RuleContext, fn: LambdaFunction, schedule: Schedule, expression: string): void {
  context.report({
    messageId: 'keepWarm',
    data: { expression, function: fn.id },
    ...nodeSpan(schedule.expression),
    functions: [fn.id],
  });
}
