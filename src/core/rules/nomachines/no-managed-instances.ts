/** nomachines/no-managed-instances: Lambda Managed Instances (capacity providers on EC2) and MicroVM images. */
import type { Rule } from '../types';
import { describeFunctions, ids, removeFix, settingReport } from '../helpers';

export const noManagedInstances: Rule = {
  meta: {
    id: 'nomachines/no-managed-instances',
    tenet: 'nomachines',
    description: 'Flags CapacityProviderConfig on functions, capacity provider resources and MicroVM images.',
    why: 'Managed Instances run functions on EC2 capacity you size and pay for whether busy or idle; MicroVM images bring an OS image back into the model. Both are machines by another name.',
    alternative:
      'The default on-demand Lambda execution model: no capacity to size, scales per request, nothing billed while idle.',
    justified:
      'Steady, high-utilisation workloads where EC2 pricing (and Savings Plans) beat per-request pricing, or workloads needing instance types Lambda does not offer.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      capacityConfig:
        '{{setting}} runs {{functions}} on Managed Instances: EC2 capacity you size and pay for, idle or not.',
      capacityProvider:
        '{{id}} ({{type}}) provisions EC2 capacity for functions: machines to size and pay for while idle.',
      microvmImage: '{{id}} ({{type}}) builds a MicroVM image: an operating system image to own and patch.',
    },
  },
  check(context) {
    for (const setting of context.model.settings('capacityProvider')) {
      context.report(
        settingReport(setting.site, setting.functions, {
          messageId: 'capacityConfig',
          data: { setting: setting.name, functions: describeFunctions(setting.functions) },
          // Capacity provider settings cannot change on an existing function: removal replaces it.
          fixes: [removeFix(`Remove ${setting.name} (replaces the function)`, setting.site, 'unsafe')],
        }),
      );
    }
    for (const machine of context.model.machines()) {
      context.report({
        messageId: machine.kind,
        data: { id: machine.id, type: machine.type },
        ...machine.span,
        functions: ids(machine.functions),
      });
    }
  },
};
