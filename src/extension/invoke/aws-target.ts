/** Invoking a deployed function on AWS (or the configured endpoint), as long as its own timeout allows. */
import { describeTarget, invokeFunction } from '../../lambda/aws';
import type { AwsHost } from '../aws/aws-host';
import { awsGroupLabel } from '../sidebar/aws-group';
import type { InvokeTarget } from './types';

export function awsTarget(host: AwsHost, functionName: string): InvokeTarget {
  const target = host.target();
  return {
    title: `${functionName} (AWS)`,
    where: target.endpointUrl ? describeTarget(target) : awsGroupLabel(target),
    async invoke(payload, signal, progress) {
      const clients = host.clients();
      const outcome = await invokeFunction(clients, functionName, {
        payload,
        signal,
        onProgress: (p) => progress(p.elapsedMs),
      });
      const report = outcome.report;
      const truncated = outcome.logTailTruncated
        ? `(Lambda returns the last 4 KB of the logs; see the rest with Show logs for ${describeTarget(clients.target)})\n`
        : '';
      return {
        statusCode: outcome.statusCode,
        payload: outcome.payload,
        functionError: outcome.functionError,
        logs: truncated + outcome.logTail,
        duration: report?.durationMs,
        billedDuration: report?.billedDurationMs,
        memorySize: report?.memorySizeMB,
        memoryUsed: report?.maxMemoryUsedMB,
        initDuration: report?.initDurationMs,
      };
    },
  };
}
