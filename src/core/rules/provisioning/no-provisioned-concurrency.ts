/** provisioning/no-provisioned-concurrency: paying to keep execution environments warm. */
import { asSeq } from '../../parse/ast';
import type { LambdaFunction, ProvisionedConcurrency } from '../../formats/cloudformation/types';
import { type Parameters, asNumber, asString, resolve } from '../../formats/cloudformation/values';
import { PRICE_DATE, PRICE_REGION, formatDollars, provisionedIdleCostPerMonth } from '../../pricing';
import type { Rule } from '../types';
import { describeFunctions, ids, pairSpan, removeFix } from '../helpers';

/** Memory in MB: 128 (Lambda's default) when unset; undefined when decided at deploy time. */
function memoryOf(fn: LambdaFunction): number | undefined {
  const memory = fn.props.get('MemorySize');
  return memory ? asNumber(memory.resolved) : 128;
}

/** The first architecture: x86_64 when unset; undefined when decided at deploy time. */
function architectureOf(fn: LambdaFunction, params: Parameters): string | undefined {
  const archs = fn.props.get('Architectures');
  if (!archs) return 'x86_64';
  // A CommaDelimitedList parameter's default is one string.
  if (archs.resolved.kind === 'parameter') return asString(archs.resolved)?.split(',')[0].trim();
  if (archs.resolved.kind === 'dynamic') return undefined;
  const first = asSeq(archs.pair.value)?.items[0];
  return first ? asString(resolve(first, params)) : 'x86_64';
}

/** Why a function's provisioned concurrency cannot be priced (a figure is never guessed), or undefined. */
function unpriced(fn: LambdaFunction, params: Parameters): string | undefined {
  if (memoryOf(fn) === undefined) return `the MemorySize of ${fn.id} is decided at deploy time`;
  if (architectureOf(fn, params) === undefined)
    return `the Architectures of ${fn.id} are decided at deploy time`;
  return undefined;
}

export const noProvisionedConcurrency: Rule = {
  meta: {
    id: 'provisioning/no-provisioned-concurrency',
    tenet: 'provisioning',
    description:
      'Flags provisioned concurrency (SAM ProvisionedConcurrencyConfig, AWS::Lambda::Alias and ::Version).',
    why: 'Never pay for idle, and never over- or under-provision: provisioned concurrency bills every configured environment around the clock, and traffic above it still cold-starts.',
    alternative:
      'On-demand concurrency with a smaller package, SnapStart (Java, Python, .NET), lazy initialisation, or more memory (faster CPU) to shorten cold starts.',
    justified:
      'A measured latency objective that cold starts break, for predictable traffic, ideally with Application Auto Scaling on the alias.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      provisioned:
        'Provisioned concurrency of {{executions}} keeps {{functions}} warm whether invoked or not: about {{cost}}/month idle ({{executions}} × {{memory}} MB, {{region}} price of {{priceDate}}).',
      provisionedUnpriced:
        'Provisioned concurrency of {{executions}} keeps {{functions}} warm whether invoked or not (idle cost not estimated: {{reason}}).',
      provisionedDynamic:
        'Provisioned concurrency on {{functions}} (executions decided at deploy time: {{reason}}) is billed whether invoked or not.',
    },
  },
  check(context) {
    const params = context.model.parameters;
    const seen = new Map<
      ProvisionedConcurrency['pair'],
      { pc: ProvisionedConcurrency; functions: LambdaFunction[] }
    >();
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
          data: {
            functions: describeFunctions(functions),
            reason: pc.executions?.kind === 'dynamic' ? pc.executions.reason : 'not set',
          },
          ...span,
          functions: ids(functions),
          fixes: [fix],
        });
        continue;
      }
      const reason = functions.map((fn) => unpriced(fn, params)).find((r) => r !== undefined);
      if (reason !== undefined) {
        context.report({
          messageId: 'provisionedUnpriced',
          data: { executions, functions: describeFunctions(functions), reason },
          ...span,
          functions: ids(functions),
          fixes: [fix],
        });
        continue;
      }
      const cost = functions.reduce(
        (sum, fn) =>
          sum +
          provisionedIdleCostPerMonth(
            executions,
            memoryOf(fn) ?? 128,
            architectureOf(fn, params) ?? 'x86_64',
          ),
        0,
      );
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
