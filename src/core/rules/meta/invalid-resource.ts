/** meta/invalid-resource: a Resources entry that is not a resource, so nothing in it can be checked. */
import type { Rule } from '../types';

export const invalidResource: Rule = {
  meta: {
    id: 'meta/invalid-resource',
    tenet: 'meta',
    description:
      'Flags entries of Resources that are not a mapping with a non-empty string Type, a Resources section that is not a mapping, and a template that uses Globals or AWS::Serverless:: types without the SAM Transform: CloudFormation rejects them.',
    why: 'A linter that skips what it cannot read gives a false all-clear. Every resource is either analysed or reported. A template that forgets `Transform: AWS::Serverless-2016-10-31` is read as the SAM template it was meant to be (Globals applied), and the missing Transform is reported once.',
    alternative:
      'Give every resource a mapping with a `Type` such as `AWS::Serverless::Function` and its `Properties`; declare `Transform: AWS::Serverless-2016-10-31` in a template that uses SAM.',
    justified: 'Never: CloudFormation rejects the template as it stands.',
    severity: { recommended: 'error', strict: 'error', relaxed: 'error' },
    fixable: 'none',
    messages: {
      notMapping: 'Resource {{id}} is not a mapping: it cannot be deployed or checked.',
      noType: 'Resource {{id}} has no Type: it cannot be deployed or checked.',
      typeNotString: 'The Type of resource {{id}} is not a plain string: it cannot be deployed or checked.',
      resourcesNotMapping:
        'Resources is not a mapping of logical ids to resources: the template cannot be deployed or checked.',
      missingTransform:
        'The template uses {{id}} without {{needs}}: CloudFormation rejects it as it stands. It is checked as the SAM template it was meant to be.',
    },
  },
  check(context) {
    for (const invalid of context.model.invalidEntries) {
      const data: Record<string, string> = { id: invalid.id };
      if (invalid.needs !== undefined) data.needs = invalid.needs;
      context.report({ messageId: invalid.problem, data, ...invalid.span });
    }
  },
};
