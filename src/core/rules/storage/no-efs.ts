/** storage/no-efs: a mounted file system makes a function stateful and VPC-bound. */
import type { Rule } from '../types';
import { describeFunctions, removeFix, settingReport, settings } from '../helpers';

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
      efs: 'FileSystemConfigs mounts EFS into {{functions}}: state on a shared file system instead of a managed store (and a VPC to own).',
    },
  },
  scope: 'function',
  check(context) {
    for (const setting of settings(context.model, 'FileSystemConfigs')) {
      const value = setting.resolved;
      if (
        value.kind !== 'dynamic' &&
        (value.value === null || (Array.isArray(value.value) && value.value.length === 0))
      )
        continue;
      context.report(
        settingReport(setting, setting.functions, {
          messageId: 'efs',
          data: { functions: describeFunctions(setting.functions) },
          fixes: [removeFix(context, 'Remove FileSystemConfigs', setting.container, setting.pair, false)],
        }),
      );
    }
  },
};
