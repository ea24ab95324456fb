/** idle/no-keep-warm: frequent schedules whose only job is to ping a function. */
import { deref } from '../../parse/ast';
import { toJS } from '../../parse/to-js';
import type { LambdaFunction, Schedule } from '../../model/types';
import type { Rule } from '../types';
import { nodeSpan, schedulePeriodMinutes } from '../helpers';

const WARM_WORDS = /warm|keep-?alive|ping|heartbeat|wake/i;

/** True when the schedule's input, name or description says it exists to keep the function warm. */
function isPing(schedule: Schedule): boolean {
  const input = schedule.input ? JSON.stringify(toJS(schedule.input)) : '';
  if (WARM_WORDS.test(input)) return true;
  const label = 'resource' in schedule.source ? schedule.source.resource : null;
  const eventName = 'event' in schedule.source ? schedule.source.event.name : '';
  const description = label ? JSON.stringify(toJS(label.properties)) : '';
  return WARM_WORDS.test(label?.id ?? eventName) || (label !== null && /"(Name|Description)":"[^"]*(warm|keep-?alive|ping)/i.test(description));
}

export const noKeepWarm: Rule = {
  meta: {
    id: 'idle/no-keep-warm',
    tenet: 'idle',
    description: 'Flags schedules every 15 minutes or less that only ping a function to keep it warm.',
    why: 'Never pay for idle: a keep-warm ping pays for invocations that do nothing, keeps one environment warm at best, and does not help when traffic needs more than one.',
    alternative: 'Shorter cold starts (smaller package, lazy imports, SnapStart, more memory), or provisioned concurrency with auto scaling where a latency objective demands it, measured.',
    justified: 'Rarely: a legacy client with a hard timeout shorter than the cold start, until the cold start is fixed.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      keepWarm: 'A {{expression}} schedule pings {{function}} only to keep it warm: you pay for idle invocations and cold starts still happen under load.',
    },
    options: {
      maxPeriod: { description: 'Schedules at this period or more often (minutes) are considered keep-warm pings.', default: { recommended: 15, strict: 15, relaxed: 15 }, unit: 'minutes' },
    },
  },
  check(context) {
    for (const fn of context.model.functions) {
      for (const schedule of fn.schedules) {
        const expression = deref(schedule.expression);
        if (expression?.kind !== 'scalar') continue;
        const period = schedulePeriodMinutes(expression.value);
        if (period === undefined || period > context.options.maxPeriod || !isPing(schedule)) continue;
        report(context, fn, schedule, expression.value);
      }
    }
  },
};

function report(context: Parameters<Rule['check']>[0], fn: LambdaFunction, schedule: Schedule, expression: string): void {
  context.report({
    messageId: 'keepWarm',
    data: { expression, function: fn.id },
    ...nodeSpan(schedule.expression),
    functions: [fn.id],
  });
}
