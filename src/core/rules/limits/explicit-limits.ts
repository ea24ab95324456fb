/** limits/explicit-limits: functions that leave Timeout or MemorySize to Lambda's defaults. */
import { get } from '../../parse/ast';
import type { Rule } from '../types';
import { hasParseProblem, insertFix } from '../helpers';

/** Lambda's defaults: writing them down changes nothing but makes the choice visible. */
const DEFAULTS: [string, string][] = [
  ['Timeout', '3'],
  ['MemorySize', '128'],
];

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
      missing: '{{function}} has no explicit {{missing}}: Lambda defaults to {{defaults}}.',
    },
  },
  scope: 'function',
  check(context) {
    for (const fn of context.model.functions) {
      const missing = DEFAULTS.filter(([name]) => !fn.props.has(name));
      if (missing.length === 0) continue;
      if (hasParseProblem(context.model, fn.resource)) continue;
      const properties = fn.resource.properties;
      // A function without a Properties mapping cannot take an inline insert; it still gets the finding.
      const fixes = insertFix(
        context,
        `Set ${missing.map(([k, v]) => `${k}: ${v}`).join(', ')} explicitly (Lambda's defaults)`,
        properties,
        missing,
        true,
      );
      context.report({
        messageId: 'missing',
        data: {
          function: fn.id,
          missing: missing.map(([k]) => k).join(' and '),
          defaults: missing.map(([k]) => (k === 'Timeout' ? '3 s' : '128 MB')).join(' and '),
        },
        start: fn.resource.keyNode.start,
        end: fn.resource.keyNode.end,
        functions: [fn.id],
        fixes: properties && get(fn.resource.body, 'Properties') ? fixes : [],
      });
    }
  },
};
