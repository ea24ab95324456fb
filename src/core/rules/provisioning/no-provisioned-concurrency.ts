/** provisioning/no-provisioned-concurrency: paying to keep execution environments warm. */
import { asSeq, deref } from '../../parse/ast';
import type { LambdaFunction, ProvisionedConcurrency } from '../../model/types';
import { asNumber, asString } from '../../model/values';
import { PRICE_DATE, PRICE_REGION, formatDollars, provisionedIdleCostPerMonth } from '../../pricing';
import type { Rule } from '../types';
import { describeFunctions, ids, pairSpan, removeFix } from '../helpers';

function memoryOf(fn: LambdaFunction): number {
  return asNumber(fn.props.get('MemorySize')?.resolved) ?? 128;
}

function architectureOf(fn: LambdaFunction): string {
  const archs = fn.props.get('Architectures');
  const first = deref(asSeq(archs?.pair.value)?.items[0]);
  return first?.kind === 'scalar' ? first.value : asString(archs?.resolved) ?? 'x86_64';
}

export const noProvisionedConcurrency: Rule = {
  meta: {
    id: 'provisioning/no-provisioned-concurrency',
    tenet: 'provisioning',
    description: 'Flags provisioned concurrency (SAM ProvisionedConcurrencyConfig, AWS::Lambda::Alias and ::Version).',
    why: 'Never pay for idle, and never over- or under-provision: provisioned concurrency bills every configured environment around the clock, and traffic above it still cold-starts.',
    alternative: 'On-demand concurrency with a smaller package, SnapStart (Java, Python, .NET), lazy initialisation, or more memory (faster CPU) to shorten cold starts.',
    justified: 'A measured latency objective that cold starts break, for predictable traffic, ideally with Application Auto Scaling on the alias.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      provisioned:
        'Provisioned concurrency of {{executions}} keeps {{functions}} warm whether invoked or not: about {{cost}}/month idle ({{executions}} × {{memory}} MB, {{region}} price of {{priceDate}}).',
      provisionedDynamic: 'Provisioned concurrency on {{functions}} (executions decided at deploy time: {{reason}}) is billed whether invoked or not.',
    },
  },
  check(context) {
    const seen = new Map<ProvisionedConcurrency['pair'], { pc: ProvisionedConcurrency; functions: LambdaFunction[] }>();
    for (const fn of context.model.functions) {
      for (const pc of fn.provisioned) {
        const entry = seen.get(pc.pair) ?? { pc, functions: [] };
        entry.functions.push(fn);
        seen.set(pc.pair, entry);
      }
    }
    for (const { pc, functions } of seen.values()) {
      const executions = asNumber(pc.executions);
      const fix = removeFix(context, 'Remove ProvisionedConcurrencyConfig', pc.container, pc.pair, false);
      const span = pairSpan(pc.pair);
      if (executions === undefined) {
        context.report({
          messageId: 'provisionedDynamic',
          data: { functions: describeFunctions(functions), reason: pc.executions?.kind === 'dynamic' ? pc.executions.reason : 'not set' },
          ...span,
          functions: ids(functions),
          fixes: [fix],
        });
        continue;
      }
      const cost = functions.reduce((sum, fn) => sum + provisionedIdleCostPerMonth(executions, memoryOf(fn), architectureOf(fn)), 0);
      context.report({
        messageId: 'provisioned',
        data: {
          executions,
          functions: describeFunctions(functions),
          cost: formatDollars(cost),
          memory: functions.map(memoryOf).join('/'),
          region: PRICE_REGION,
          priceDate: PRICE_DATE,
        },
        ...span,
        functions: ids(functions),
        fixes: [fix],
      });
    }
  },
};
