/** storage/no-efs-path: handler code reading or writing files on an EFS mount (/mnt/...). */
import { findFileAccesses } from '../../code/file-access';
import type { Rule } from '../types';

export const noEfsPath: Rule = {
  meta: {
    id: 'storage/no-efs-path',
    tenet: 'storage',
    description: 'Flags file access under /mnt/, where Lambda mounts EFS file systems (code).',
    why: 'Permanent storage lives elsewhere: an EFS mount ties the function to a VPC, mount targets and a file system whose throughput and connections are shared by every environment, and invites state and locking next to the compute.',
    alternative:
      'Keep objects in S3 and records in DynamoDB; ship read-only data in the deployment package or a layer; use /tmp for scratch space within one invocation.',
    justified:
      'Large shared read-mostly data (ML models, reference datasets) that exceeds package and /tmp limits, or a legacy library that needs a POSIX file system.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      efsPath:
        '{{path}} is on an EFS mount: the function needs a VPC and a shared file system whose throughput every environment competes for. Keep the data in S3 or DynamoDB, or ship read-only data with the package.',
    },
  },
  checkCode(context) {
    const seen = new Set<number>();
    for (const access of findFileAccesses(context.model)) {
      if (!(access.path === '/mnt' || access.path.startsWith('/mnt/')) || seen.has(access.pathNode.start))
        continue;
      seen.add(access.pathNode.start);
      context.report({
        messageId: 'efsPath',
        data: { path: access.path },
        start: access.pathNode.start,
        end: access.pathNode.end,
      });
    }
  },
};
