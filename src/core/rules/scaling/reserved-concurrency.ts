/** scaling/reserved-concurrency: a cap on per-request scaling. */
import { asNumber, invalidNumber } from '../../model/values';
import type { Rule } from '../types';
import { describeFunctions, removeFix, settingReport } from '../helpers';

export const reservedConcurrency: Rule = {
  meta: {
    id: 'scaling/reserved-concurrency',
    tenet: 'scaling',
    description:
      'Flags ReservedConcurrentExecutions: a fixed cap on how far a function scales (0 = always throttled).',
    why: 'Functions scale per request; a reserved cap throttles traffic above it and takes that concurrency away from every other function in the account.',
    alternative:
      'Protect downstream systems where the pressure is: SQS with ScalingConfig.MaximumConcurrency, API Gateway throttling, or RDS Proxy for connections.',
    justified:
      'Protecting a fragile downstream that has no queue in front, or guaranteeing capacity to a critical function in a busy account. 0 is only right as a deliberate kill switch.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      capped:
        '{{setting}} caps {{functions}} at {{limit}} concurrent executions: requests above it are throttled.',
      zero: '{{setting}} is 0: {{functions}} is always throttled and can never run.',
      invalid:
        '{{setting}} of {{limit}} for {{functions}} is not a concurrency: Lambda takes a whole number from 0, and the deployment fails.',
      dynamic: '{{setting}} caps {{functions}} (the limit is decided at deploy time: {{reason}}).',
    },
  },
  scope: 'function',
  check(context) {
    for (const setting of context.model.settings('reservedConcurrency')) {
      const value = setting.value;
      const limit = asNumber(value);
      const invalid = invalidNumber(value, { min: 0, integer: true });
      const name = setting.name;
      const functions = describeFunctions(setting.functions);
      const fixes = [removeFix(`Remove ${name}`, setting.site, 'unsafe')];
      if (value.kind === 'dynamic') {
        context.report(
          settingReport(setting.site, setting.functions, {
            messageId: 'dynamic',
            data: { setting: name, functions, reason: value.reason },
            fixes,
          }),
        );
      } else if (invalid !== undefined) {
        context.report(
          settingReport(setting.site, setting.functions, {
            messageId: 'invalid',
            data: { setting: name, functions, limit: invalid },
            escalate: 'error',
          }),
        );
      } else if (limit === 0) {
        context.report(
          settingReport(setting.site, setting.functions, {
            messageId: 'zero',
            data: { setting: name, functions },
            fixes,
            escalate: 'error',
          }),
        );
      } else if (limit !== undefined) {
        context.report(
          settingReport(setting.site, setting.functions, {
            messageId: 'capped',
            data: { setting: name, functions, limit },
            fixes,
          }),
        );
      }
    }
  },
};
