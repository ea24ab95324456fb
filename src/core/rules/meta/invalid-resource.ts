/** meta/invalid-resource: a Resources entry that is not a resource, so nothing in it can be checked. */
import type { Rule } from '../types';

export const invalidResource: Rule = {
  meta: {
    id: 'meta/invalid-resource',
    tenet: 'meta',
    description:
      'Flags entries of Resources that are not a mapping with a non-empty string Type, and a Resources section that is not a mapping: CloudFormation rejects them, and Ownless cannot check them.',
    why: 'A linter that skips what it cannot read gives a false all-clear. Every resource is either analysed or reported.',
    alternative:
      'Give every resource a mapping with a `Type` such as `AWS::Serverless::Function` and its `Properties`.',
    justified: 'Never: CloudFormation rejects the template as it stands.',
    severity: { recommended: 'error', strict: 'error', relaxed: 'error' },
    fixable: 'none',
    messages: {
      notMapping: 'Resource {{id}} is not a mapping: it cannot be deployed or checked.',
      noType: 'Resource {{id}} has no Type: it cannot be deployed or checked.',
      typeNotString: 'The Type of resource {{id}} is not a plain string: it cannot be deployed or checked.',
      resourcesNotMapping:
        'Resources is not a mapping of logical ids to resources: the template cannot be deployed or checked.',
    },
  },
  check(context) {
    for (const invalid of context.model.invalidEntries) {
      context.report({ messageId: invalid.problem, data: { id: invalid.id }, ...invalid.span });
    }
  },
};
