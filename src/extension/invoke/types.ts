/** What the invoke panel needs from where a function runs (locally or on AWS) and from its events. */

export interface InvokeOutcome {
  statusCode: number;
  /** The response (or the error, as JSON), kept apart from the logs. */
  payload: string;
  functionError?: string;
  logs: string;
  duration?: number;
  billedDuration?: number;
  memorySize?: number;
  memoryUsed?: number;
  initDuration?: number;
  /** How the run differed from Lambda (another Node.js or Python version, packages missing…). */
  notes?: string[];
}

export interface InvokeTarget {
  /** Shown in the panel's title: "OrdersFunction (local)". */
  title: string;
  /** Where it runs, in words: "local runtime", "AWS default / eu-west-1". */
  where: string;
  invoke(payload: string, signal: AbortSignal, progress: (elapsedMs: number) => void): Promise<InvokeOutcome>;
}

export interface PayloadChoice {
  label: string;
  /** Saved event, generated sample, or empty. */
  description: string;
  text: string;
}

export interface PayloadSource {
  choices(): Promise<PayloadChoice[]>;
  /** Saves the payload as an event of the function; returns where, for the message. */
  save(name: string, text: string): Promise<string>;
}
