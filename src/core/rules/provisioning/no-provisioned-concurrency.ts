/** provisioning/no-provisioned-concurrency: paying to keep execution environments warm. */
import type { LambdaFunction, ProvisionedConcurrency, SemanticModel, Site } from '../../model/types';
import { asNumber, asString, invalidNumber } from '../../model/values';
import { PRICE_DATE, PRICE_REGION, formatDollars, provisionedIdleCostPerMonth } from '../../pricing';
import type { Rule } from '../types';
import { describeFunctions, ids, removeFix } from '../helpers';

/** Lambda's default architecture. */
const DEFAULT_ARCHITECTURE = 'x86_64';

/** Memory in MB: the format's default when unset; undefined when decided at deploy time. */
function memoryOf(fn: LambdaFunction, model: SemanticModel): number | undefined {
  const memory = fn.value('memory');
  return memory ? asNumber(memory) : model.format.defaults.memory;
}

/** The architecture it runs on; undefined when decided at deploy time. */
function architectureOf(fn: LambdaFunction): string | undefined {
  const architecture = fn.value('architecture');
  return architecture ? asString(architecture) : DEFAULT_ARCHITECTURE;
}

/** Why a function's provisioned concurrency cannot be priced (a figure is never guessed), or undefined. */
function unpriced(fn: LambdaFunction, model: SemanticModel): string | undefined {
  const { nameOf } = model.format;
  if (invalidNumber(fn.value('memory'), { min: 128, integer: true }) !== undefined)
    return `the ${nameOf('memory')} of ${fn.id} is not a memory size`;
  if (memoryOf(fn, model) === undefined)
    return `the ${nameOf('memory')} of ${fn.id} is decided at deploy time`;
  if (architectureOf(fn) === undefined)
    return `the ${nameOf('architecture')} of ${fn.id} are decided at deploy time`;
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
      provisionedInvalid:
        'Provisioned concurrency of {{executions}} on {{functions}} is not a number of execution environments: Lambda takes a whole number from 1, and the deployment fails.',
      provisionedDynamic:
        'Provisioned concurrency on {{functions}} (executions decided at deploy time: {{reason}}) is billed whether invoked or not.',
    },
  },
  check(context) {
    const { model } = context;
    // Functions that share one written configuration (SAM Globals, an alias of two) share its site.
    const seen = new Map<Site, { pc: ProvisionedConcurrency; functions: LambdaFunction[] }>();
    for (const fn of model.functions) {
      for (const pc of fn.provisioned) {
        const entry = seen.get(pc.site) ?? { pc, functions: [] };
        entry.functions.push(fn);
        seen.set(pc.site, entry);
      }
    }
    const title = `Remove ${model.format.nameOf('provisionedConcurrency')}`;
    for (const { pc, functions } of seen.values()) {
      const fix = removeFix(title, pc.site, 'unsafe');
      const span = pc.site.span;
      const invalid = invalidNumber(pc.executions, { min: 1, integer: true });
      if (invalid !== undefined) {
        context.report({
          messageId: 'provisionedInvalid',
          data: { executions: invalid, functions: describeFunctions(functions) },
          ...span,
          functions: ids(functions),
          escalate: 'error',
        });
        continue;
      }
      const executions = asNumber(pc.executions);
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
      const reason = functions.map((fn) => unpriced(fn, model)).find((r) => r !== undefined);
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
            memoryOf(fn, model) ?? model.format.defaults.memory,
            architectureOf(fn) ?? DEFAULT_ARCHITECTURE,
          ),
        0,
      );
      context.report({
        messageId: 'provisioned',
        data: {
          executions,
          functions: describeFunctions(functions),
          cost: formatDollars(cost),
          memory: functions.map((fn) => memoryOf(fn, model)).join('/'),
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
