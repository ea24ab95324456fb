/** network/no-vpc: a function attached to a VPC owns networking the manifesto leaves to the platform. */
import type { Rule } from '../types';
import { describeFunctions, removeFix, settingReport } from '../helpers';

export const noVpc: Rule = {
  meta: {
    id: 'network/no-vpc',
    tenet: 'network',
    description: 'Flags VpcConfig on a function, including through SAM Globals.',
    why: 'A VPC makes you own subnets, route tables, NAT gateways (billed per hour, idle or not) and security groups, and ties scaling to free IP addresses.',
    alternative:
      'Reach managed services over their public, IAM-authenticated endpoints (zero-trust networking): DynamoDB, S3, SQS, SNS, EventBridge, the RDS Data API for Aurora.',
    justified:
      'The function must reach a resource that only has a private address (an RDS instance without the Data API, ElastiCache, an on-premises system over Direct Connect).',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      vpc: '{{setting}} attaches {{functions}} to a VPC: you own the network (subnets, NAT, security groups) instead of using IAM-authenticated endpoints.',
      vpcDynamic:
        '{{setting}} may attach {{functions}} to a VPC (its value is decided at deploy time: {{reason}}).',
    },
  },
  scope: 'function',
  check(context) {
    for (const setting of context.model.settings('vpc')) {
      const value = setting.value;
      // An explicit "no VPC" (null) is the opt-out, not an attachment.
      if (value.kind !== 'dynamic' && (value.value === null || value.value === undefined)) continue;
      const dynamic = value.kind === 'dynamic';
      context.report(
        settingReport(setting.site, setting.functions, {
          messageId: dynamic ? 'vpcDynamic' : 'vpc',
          data: {
            setting: setting.name,
            functions: describeFunctions(setting.functions),
            reason: dynamic ? value.reason : '',
          },
          fixes: [removeFix(`Remove ${setting.name}`, setting.site, 'unsafe')],
        }),
      );
    }
  },
};
