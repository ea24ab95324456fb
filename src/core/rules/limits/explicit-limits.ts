/** limits/explicit-limits: functions that leave Timeout or MemorySize to Lambda's defaults. */
import type { Rule } from '../types';
import { insertFix } from '../helpers';

/** The limits a function should state; writing the format's defaults changes nothing but makes the choice visible. */
const LIMITS = ['timeout', 'memory'] as const;

export const explicitLimits: Rule = {
  meta: {
    id: 'limits/explicit-limits',
    tenet: 'limits',
    description: 'Flags functions without an explicit Timeout or MemorySize (Lambda defaults: 3 s, 128 MB).',
    why: 'Intentional limits are chosen, not inherited: the 3 s / 128 MB defaults are rarely what a function needs, and an implicit limit surprises the next reader.',
    alternative: 'Set Timeout and MemorySize on the function, or once in SAM Globals.Function.',
    justified: 'Never needed: writing the defaults down costs nothing (the fix does exactly that).',
    severity: { recommended: 'info', strict: 'warning', relaxed: 'off' },
    fixable: 'safe',
    messages: {
      missing: '{{function}} has no explicit {{missing}}: {{appliedBy}} defaults to {{defaults}}.',
    },
  },
  scope: 'function',
  check(context) {
    const { format } = context.model;
    const { defaults } = format;
    for (const fn of context.model.functions) {
      const missing = LIMITS.filter((key) => fn.value(key) === undefined);
      if (missing.length === 0) continue;
      if (fn.incomplete) continue;
      const entries = missing.map((key) => [key, defaults[key]] as const);
      const names = entries.map(([key, value]) => `${format.nameOf(key)}: ${value}`);
      // A function whose declaration cannot take an inline insert still gets the finding.
      const fix = insertFix(
        `Set ${names.join(', ')} explicitly (${defaults.appliedBy}'s defaults)`,
        fn.site,
        entries,
        'safe',
      );
      context.report({
        messageId: 'missing',
        data: {
          function: fn.id,
          missing: missing.map((key) => format.nameOf(key)).join(' and '),
          appliedBy: defaults.appliedBy,
          defaults: missing
            .map((key) => (key === 'timeout' ? `${defaults.timeout} s` : `${defaults.memory} MB`))
            .join(' and '),
        },
        ...fn.site.span,
        functions: [fn.id],
        fixes: [fix],
      });
    }
  },
};
