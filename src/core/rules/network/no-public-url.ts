/** network/no-public-url: a function URL anyone on the internet can call. */
import { deref, get } from '../../parse/ast';
import { replaceNode } from '../../fix/edits';
import type { Resource } from '../../formats/cloudformation/types';
import { asString, resolve } from '../../formats/cloudformation/values';
import type { Rule } from '../types';
import { describeFunctions, nodeSpan, settings } from '../helpers';

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
      public:
        'Function URL of {{functions}} has AuthType NONE: anyone can invoke it, and you pay for every call.',
    },
  },
  check(context) {
    const { model } = context;
    const flag = (authNode: ReturnType<typeof get>, functions: string, ids: string[]) => {
      if (!authNode) return;
      if (asString(resolve(authNode, model.parameters)) !== 'NONE') return;
      const literal = deref(authNode)?.kind === 'scalar' && !authNode.tag;
      context.report({
        messageId: 'public',
        data: { functions },
        ...nodeSpan(authNode),
        functions: ids,
        fixes: literal
          ? [
              {
                title: 'Require IAM auth (AuthType: AWS_IAM)',
                safe: false,
                edits: [replaceNode(authNode, model.doc.syntax === 'json' ? '"AWS_IAM"' : 'AWS_IAM')],
              },
            ]
          : [],
      });
    };
    for (const setting of settings(model, 'FunctionUrlConfig')) {
      flag(
        get(setting.pair.value, 'AuthType'),
        describeFunctions(setting.functions),
        setting.functions.map((f) => f.id),
      );
    }
    // One finding per URL resource, naming every function it may target (an `!If` can name two);
    // a URL for a function outside this template is public all the same.
    for (const resource of model.resources.values()) {
      if (resource.type !== 'AWS::Lambda::Url') continue;
      const targets = model.functions.filter((fn) => fn.urls.includes(resource));
      const described = targets.length ? describeFunctions(targets) : outsideTarget(resource);
      flag(
        get(resource.properties, 'AuthType'),
        described,
        targets.map((f) => f.id),
      );
    }
  },
};

/** How a message names a URL's target that is not a function of this template. */
function outsideTarget(resource: Resource): string {
  const target = deref(get(resource.properties, 'TargetFunctionArn'));
  if (target?.kind !== 'scalar' || target.tag) return `the function ${resource.id} targets`;
  const name = target.value.includes(':function:')
    ? target.value.split(':function:')[1].split(':')[0]
    : target.value;
  return `function ${name}`;
}
