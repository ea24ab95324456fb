/** network/no-public-url: a function URL anyone on the internet can call. */
import { asString } from '../../model/values';
import type { Rule } from '../types';
import { describeFunctions, ids, setValueFix } from '../helpers';

export const noPublicUrl: Rule = {
  meta: {
    id: 'network/no-public-url',
    tenet: 'network',
    description: 'Flags function URLs with AuthType NONE (SAM FunctionUrlConfig and AWS::Lambda::Url).',
    why: 'Zero-trust networking means every call is authenticated. A public URL lets anyone invoke (and bill) the function; authorization is left to your code.',
    alternative:
      'Use AuthType AWS_IAM and sign requests (SigV4), or put an API Gateway or CloudFront with an authorizer / origin access control in front.',
    justified:
      'A public webhook receiver that verifies a signature itself, or a CloudFront origin locked down another way.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      public: 'Function URL of {{functions}} has {{auth}}: anyone can invoke it, and you pay for every call.',
    },
  },
  check(context) {
    const format = context.model.format;
    const name = format.nameOf('authType');
    // `AuthType NONE`, or the format's own words for it (serverless.yml has no NONE).
    const open = format.statement?.('authType', 'NONE') ?? `${name} NONE`;
    const iam = format.statement?.('authType', 'AWS_IAM') ?? `${name}: AWS_IAM`;
    for (const url of context.model.urls()) {
      const auth = url.auth;
      if (!auth || asString(auth.value) !== 'NONE') continue;
      context.report({
        messageId: 'public',
        data: {
          setting: name,
          auth: open,
          functions: url.functions.length ? describeFunctions(url.functions) : url.target,
        },
        ...auth.site.span,
        functions: ids(url.functions),
        fixes: [setValueFix(`Require IAM auth (${iam})`, auth.site, 'AWS_IAM', 'unsafe')],
      });
    }
  },
};
