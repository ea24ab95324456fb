/** storage/ephemeral-budget: /tmp above the budget. */
import { asNumber, invalidNumber } from '../../model/values';
import type { Rule } from '../types';
import { describeFunctions, ids, setValueFix } from '../helpers';

export const ephemeralBudget: Rule = {
  meta: {
    id: 'storage/ephemeral-budget',
    tenet: 'storage',
    description: 'Flags EphemeralStorage sizes above the budget.',
    why: 'Large /tmp suggests the function keeps or processes files locally; ephemeral storage above 512 MB is billed per GB-second, and what lives there is lost with the environment.',
    alternative: 'Stream from and to S3, process in chunks, or split the work into steps.',
    justified:
      'Unpacking a large archive or a model that must sit on local disk for the duration of one invocation.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      over: '{{setting}} of {{size}} MB for {{functions}} is above the {{budget}} MB budget.',
      invalid:
        '{{setting}} of {{size}} for {{functions}} is not a storage size: Lambda takes a whole number of MB from 512, and the deployment fails.',
    },
    options: {
      budget: {
        description: 'Largest EphemeralStorage Size accepted, in MB.',
        default: { recommended: 2048, strict: 512, relaxed: 10240 },
        min: 512,
        max: 10240,
        unit: 'MB',
      },
    },
  },
  scope: 'function',
  check(context) {
    const budget = context.options.budget;
    for (const setting of context.model.settings('ephemeralStorage')) {
      const invalid = invalidNumber(setting.value, { min: 512, integer: true });
      if (invalid !== undefined) {
        context.report({
          messageId: 'invalid',
          data: { setting: setting.name, size: invalid, functions: describeFunctions(setting.functions) },
          ...setting.site.span,
          functions: ids(setting.functions),
          escalate: 'error',
        });
        continue;
      }
      const size = asNumber(setting.value);
      if (size === undefined || size <= budget) continue;
      context.report({
        messageId: 'over',
        data: { setting: setting.name, size, budget, functions: describeFunctions(setting.functions) },
        ...setting.site.span,
        functions: ids(setting.functions),
        fixes: [setValueFix(`Set ${setting.name} to ${budget} MB`, setting.site, budget, 'unsafe')],
      });
    }
  },
};
