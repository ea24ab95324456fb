/** storage/ephemeral-budget: /tmp above the budget. */
import { get } from '../../parse/ast';
import { asNumber, resolve } from '../../formats/cloudformation/values';
import type { Rule } from '../types';
import { describeFunctions, nodeSpan, settings, setValueFix } from '../helpers';

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
      over: 'EphemeralStorage of {{size}} MB for {{functions}} is above the {{budget}} MB budget.',
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
    for (const setting of settings(context.model, 'EphemeralStorage')) {
      const sizeNode = get(setting.pair.value, 'Size');
      if (!sizeNode) continue;
      const resolved = resolve(sizeNode, context.model.parameters);
      const size = asNumber(resolved);
      if (size === undefined || size <= budget) continue;
      context.report({
        messageId: 'over',
        data: { size, budget, functions: describeFunctions(setting.functions) },
        ...nodeSpan(sizeNode),
        functions: setting.functions.map((f) => f.id),
        fixes: setValueFix(
          `Set EphemeralStorage Size to ${budget}`,
          sizeNode,
          resolved,
          String(budget),
          false,
        ),
      });
    }
  },
};
