/** Invoking a workspace function in the embedded local runtime. */
import type { LocalRuntimeHost } from '../local-runtime';
import type { InvokeTarget } from './types';

const PROGRESS_MS = 1000;

export function localTarget(host: LocalRuntimeHost, functionId: string): InvokeTarget {
  return {
    title: `${functionId} (local)`,
    where: 'local runtime, no Docker',
    async invoke(payload, signal, progress) {
      const runtime = await host.get();
      const started = Date.now();
      const timer = setInterval(() => progress(Date.now() - started), PROGRESS_MS);
      try {
        const result = await runtime.invoke(functionId, payload, { signal });
        const memorySize = runtime.functions().find((f) => f.names.includes(functionId))?.memorySize;
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
        };
      } finally {
        clearInterval(timer);
      }
    },
  };
}
