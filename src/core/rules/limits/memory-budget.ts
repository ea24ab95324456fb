/** limits/memory-budget: MemorySize above the budget. */
import { asNumber, invalidNumber } from '../../model/values';
import type { Rule } from '../types';
import { describeFunctions, setValueFix, settingReport } from '../helpers';

/** Lambda's smallest memory size, in MB. */
const MIN_MEMORY = 128;

export const memoryBudget: Rule = {
  meta: {
    id: 'limits/memory-budget',
    tenet: 'limits',
    description: 'Flags MemorySize above the budget.',
    why: 'Intentional space limits keep functions focused. Memory is billed per GB-second on every invocation; very large sizes usually mean a job that wants splitting, or an untuned setting.',
    alternative:
      'Measure with AWS Lambda Power Tuning and pick the cheapest size that meets the latency target; split heavy work into smaller functions or steps.',
    justified:
      'CPU-bound work that measurably finishes faster and cheaper with more vCPUs (memory buys CPU), or data that must be held in memory.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      over: '{{setting}} of {{memory}} MB for {{functions}} is above the {{budget}} MB budget.',
      invalid:
        '{{setting}} of {{memory}} for {{functions}} is not a memory size: Lambda takes a whole number of MB from {{min}}, and the deployment fails.',
    },
    options: {
      budget: {
        description: 'Largest MemorySize accepted, in MB.',
        default: { recommended: 3008, strict: 1024, relaxed: 10240 },
        min: 128,
        max: 10240,
        unit: 'MB',
      },
    },
  },
  scope: 'function',
  check(context) {
    const budget = context.options.budget;
    for (const setting of context.model.settings('memory')) {
      const invalid = invalidNumber(setting.value, { min: MIN_MEMORY, integer: true });
      if (invalid !== undefined) {
        context.report(
          settingReport(setting.site, setting.functions, {
            messageId: 'invalid',
            data: {
              setting: setting.name,
              memory: invalid,
              min: MIN_MEMORY,
              functions: describeFunctions(setting.functions),
            },
            escalate: 'error',
          }),
        );
        continue;
      }
      const memory = asNumber(setting.value);
      if (memory === undefined || memory <= budget) continue;
      context.report(
        settingReport(setting.site, setting.functions, {
          messageId: 'over',
          data: { setting: setting.name, memory, budget, functions: describeFunctions(setting.functions) },
          fixes: [setValueFix(`Set ${setting.name} to ${budget}`, setting.site, budget, 'unsafe')],
        }),
      );
    }
  },
};
