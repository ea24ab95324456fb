/** limits/timeout-budget: Timeout above the budget; above 29 s behind API Gateway is always wrong. */
import type { LambdaFunction } from '../../model/types';
import { asNumber, invalidNumber } from '../../model/values';
import type { Rule } from '../types';
import { describeFunctions, setValueFix, settingReport } from '../helpers';

/** API Gateway REST integrations time out at 29 s by default; HTTP APIs at 30 s. */
const REST_LIMIT = 29;
const HTTP_LIMIT = 30;

/** What API Gateway waits for a function behind it, or undefined when no API fronts it. */
function limitOf(fn: LambdaFunction): number | undefined {
  return fn.behindRestApi ? REST_LIMIT : fn.behindHttpApi ? HTTP_LIMIT : undefined;
}

export const timeoutBudget: Rule = {
  meta: {
    id: 'limits/timeout-budget',
    tenet: 'limits',
    description: 'Flags Timeout above the budget (lower for functions behind API Gateway or an HTTP API).',
    why: 'Intentional time limits keep functions small and failures fast. A long timeout hides slow dependencies, holds concurrency, and behind an API the client gives up at 29-30 s anyway while you keep paying.',
    alternative:
      'Split long work into steps (Step Functions, a queue), respond early and continue asynchronously, or set timeouts on the calls the function makes.',
    justified:
      'Batch or stream processing that is bounded and measured to need more time, outside a synchronous request path.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      over: '{{setting}} of {{timeout}} s for {{functions}} is above the {{budget}} s budget.',
      overApi:
        '{{setting}} of {{timeout}} s for {{functions}} exceeds what {{api}} waits ({{limit}} s): callers get a 504 while the function keeps running and billing.',
      invalid:
        '{{setting}} of {{timeout}} for {{functions}} is not a timeout: Lambda takes a whole number of seconds from 1 to 900, and the deployment fails.',
    },
    options: {
      budget: {
        description: 'Longest Timeout accepted, in seconds.',
        default: { recommended: 60, strict: 30, relaxed: 900 },
        min: 1,
        max: 900,
        unit: 's',
      },
      apiBudget: {
        description: 'Longest Timeout accepted for a function behind API Gateway or an HTTP API, in seconds.',
        default: { recommended: 30, strict: 30, relaxed: 30 },
        min: 1,
        max: 900,
        unit: 's',
      },
    },
  },
  scope: 'function',
  check(context) {
    const { budget, apiBudget } = context.options;
    for (const setting of context.model.settings('timeout')) {
      const name = setting.name;
      const invalid = invalidNumber(setting.value, { min: 1, integer: true });
      if (invalid !== undefined) {
        context.report(
          settingReport(setting.site, setting.functions, {
            messageId: 'invalid',
            data: { setting: name, timeout: invalid, functions: describeFunctions(setting.functions) },
            escalate: 'error',
          }),
        );
        continue;
      }
      const timeout = asNumber(setting.value);
      if (timeout === undefined) continue;
      const apiFns = setting.functions.filter(
        (fn) => limitOf(fn) !== undefined && timeout > Math.min(limitOf(fn)!, apiBudget),
      );
      const otherFns = setting.functions.filter((fn) => limitOf(fn) === undefined && timeout > budget);
      if (apiFns.length) {
        const limit = Math.min(...apiFns.map((fn) => limitOf(fn)!));
        const target = Math.min(limit, apiBudget);
        const overHardLimit = timeout > limit;
        context.report(
          settingReport(setting.site, apiFns, {
            messageId: overHardLimit ? 'overApi' : 'over',
            data: {
              setting: name,
              timeout,
              functions: describeFunctions(apiFns),
              budget: apiBudget,
              limit,
              api: apiFns.some((f) => f.behindRestApi) ? 'API Gateway' : 'the HTTP API',
            },
            escalate: overHardLimit ? 'error' : undefined,
            fixes: otherFns.length
              ? []
              : [setValueFix(`Set ${name} to ${target}`, setting.site, target, 'unsafe')],
          }),
        );
      }
      if (otherFns.length) {
        context.report(
          settingReport(setting.site, otherFns, {
            messageId: 'over',
            data: { setting: name, timeout, functions: describeFunctions(otherFns), budget },
            fixes: apiFns.length
              ? []
              : [setValueFix(`Set ${name} to ${budget}`, setting.site, budget, 'unsafe')],
          }),
        );
      }
    }
  },
};
