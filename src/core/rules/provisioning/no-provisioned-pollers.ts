/** provisioning/no-provisioned-pollers: event source mappings in provisioned poller mode. */
import type { EventSourceMapping, LambdaFunction } from '../../model/types';
import type { Rule } from '../types';
import { describeFunctions, ids, removeFix } from '../helpers';

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
    // Mappings written in one place (a mapping resource naming two functions) give one finding.
    const byAnchor = new Map<object, { esm: EventSourceMapping; functions: LambdaFunction[] }>();
    for (const fn of context.model.functions) {
      for (const esm of fn.eventSourceMappings) {
        if (!esm.provisionedPollers) continue;
        const entry = byAnchor.get(esm.anchor) ?? { esm, functions: [] };
        entry.functions.push(fn);
        byAnchor.set(esm.anchor, entry);
      }
    }
    const name = context.model.format.nameOf('provisionedPollers');
    for (const { esm, functions } of byAnchor.values()) {
      const site = esm.provisionedPollers!;
      context.report({
        messageId: 'provisioned',
        data: { source: esm.kind.toUpperCase(), functions: describeFunctions(functions) },
        ...site.span,
        functions: ids(functions),
        fixes: [removeFix(`Remove ${name} (use on-demand pollers)`, site, 'unsafe')],
      });
    }
  },
};
