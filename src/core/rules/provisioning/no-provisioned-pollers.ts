/** provisioning/no-provisioned-pollers: event source mappings in provisioned poller mode. */
import { findPair } from '../../parse/ast';
import type { EventSourceMapping, LambdaFunction } from '../../formats/cloudformation/types';
import type { Rule } from '../types';
import { describeFunctions, pairSpan, removeFix } from '../helpers';

export const noProvisionedPollers: Rule = {
  meta: {
    id: 'provisioning/no-provisioned-pollers',
    tenet: 'provisioning',
    description: 'Flags event source mappings in provisioned mode (ProvisionedPollerConfig).',
    why: 'Provisioned pollers are capacity you reserve and pay for per hour, busy or idle; the default pollers scale with the backlog on their own.',
    alternative:
      'The default (on-demand) event source mapping, tuned with BatchSize, MaximumBatchingWindowInSeconds and ScalingConfig.MaximumConcurrency.',
    justified: 'Measured bursts that the default poller scaling cannot absorb within your latency objective.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      provisioned:
        'The {{source}} event source of {{functions}} uses provisioned pollers: polling capacity billed per hour, idle or not.',
    },
  },
  check(context) {
    const byProps = new Map<object, { esm: EventSourceMapping; functions: LambdaFunction[] }>();
    for (const fn of context.model.functions) {
      for (const esm of fn.eventSourceMappings) {
        if (!esm.properties) continue;
        const entry = byProps.get(esm.properties) ?? { esm, functions: [] };
        entry.functions.push(fn);
        byProps.set(esm.properties, entry);
      }
    }
    for (const { esm, functions } of byProps.values()) {
      const props = esm.properties;
      const pair = props && findPair(props, 'ProvisionedPollerConfig');
      if (!props || !pair) continue;
      context.report({
        messageId: 'provisioned',
        data: { source: esm.kind.toUpperCase(), functions: describeFunctions(functions) },
        ...pairSpan(pair),
        functions: functions.map((f) => f.id),
        fixes: [
          removeFix(context, 'Remove ProvisionedPollerConfig (use on-demand pollers)', props, pair, false),
        ],
      });
    }
  },
};
