/** storage/no-efs: a mounted file system makes a function stateful and VPC-bound. */
import type { Rule } from '../types';
import { describeFunctions, removeFix, settingReport } from '../helpers';

export const noEfs: Rule = {
  meta: {
    id: 'storage/no-efs',
    tenet: 'storage',
    description: 'Flags FileSystemConfigs (EFS mounts) on a function.',
    why: 'Permanent storage lives elsewhere: an EFS mount needs a VPC and mount targets, couples functions through a shared file system, and invites file locking and state between invocations.',
    alternative:
      'Keep state in S3 (objects), DynamoDB (records) or a managed database reached over its API; use /tmp (ephemeral storage) for scratch space.',
    justified:
      'Large ML models or libraries that exceed the 10 GB image/250 MB zip limits, or tools that need a POSIX file system shared across invocations.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      efs: '{{setting}} mounts EFS into {{functions}}: state on a shared file system instead of a managed store (and a VPC to own).',
    },
  },
  scope: 'function',
  check(context) {
    for (const setting of context.model.settings('fileSystems')) {
      const value = setting.value;
      // An explicit null or empty list mounts nothing.
      if (
        value.kind !== 'dynamic' &&
        (value.value === null || (Array.isArray(value.value) && value.value.length === 0))
      )
        continue;
      context.report(
        settingReport(setting.site, setting.functions, {
          messageId: 'efs',
          data: { setting: setting.name, functions: describeFunctions(setting.functions) },
          fixes: [removeFix(`Remove ${setting.name}`, setting.site, 'unsafe')],
        }),
      );
    }
  },
};
