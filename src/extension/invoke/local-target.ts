/** Invoking a workspace function in the embedded local runtime. */
import type { LocalRuntimeHost } from '../local-runtime';
import type { InvokeTarget } from './types';

const PROGRESS_MS = 1000;

export function localTarget(host: LocalRuntimeHost, templatePath: string, functionId: string): InvokeTarget {
  return {
    title: `${functionId} (local)`,
    where: 'local runtime, no Docker',
    async invoke(payload, signal, progress) {
      const runtime = await host.get();
      // Two templates may both have this logical id: the runtime knows each by a name of its own.
      const summary =
        runtime.functions().find((f) => f.templatePath === templatePath && f.logicalId === functionId) ??
        runtime.functions().find((f) => f.names.includes(functionId));
      const started = Date.now();
      const timer = setInterval(() => progress(Date.now() - started), PROGRESS_MS);
      try {
        const result = await runtime.invoke(summary?.name ?? functionId, payload, { signal });
        const memorySize = summary?.memorySize;
        return {
          statusCode: result.statusCode,
          payload: result.payload,
          functionError: result.functionError,
          logs: result.logs,
          duration: result.duration,
          billedDuration: result.billedDuration,
          memorySize,
          memoryUsed: result.memoryUsed,
          initDuration: result.initDuration,
          notes: result.notes,
        };
      } finally {
        clearInterval(timer);
      }
    },
  };
}
