/** meta/invalid-suppression: a suppression must name a known rule and give a reason. */
import type { Rule } from '../types';

export const invalidSuppression: Rule = {
  meta: {
    id: 'meta/invalid-suppression',
    tenet: 'meta',
    description:
      'Flags ownless-ignore comments and Metadata ignores without a reason or with an unknown rule id.',
    why: 'A deviation from the manifesto is allowed when it is conscious and explained: the reason is the record that it was.',
    alternative:
      'Write the reason after the rule id: `# ownless-ignore network/no-vpc: reaches the RDS instance in the shared VPC`.',
    justified: 'Never: a suppression without a reason still suppresses, and is reported until it has one.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'warning' },
    fixable: 'none',
    messages: {
      missingReason:
        'The suppression of {{rule}} gives no reason: write why this deviation is justified after a colon.',
      unknownRule: 'The suppression names {{rule}}, which is not an Ownless rule id{{suggestion}}.',
      missingRule:
        'The suppression names no rule: write the rule id before the colon (`ownless-ignore <rule-id>: <reason>`).',
    },
  },
  // Reported by the engine while it reads suppressions; the rule carries the metadata.
  check() {},
};
