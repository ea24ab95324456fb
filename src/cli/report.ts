/** The per-file result every output format is built from. */
import { type Finding, type FunctionSummary, type Range } from '../core';

export interface FileReport {
  /** The path as shown: relative to the working directory, with `/` separators. */
  path: string;
  /** `sam` or `cloudformation` for templates; `javascript`, `typescript`, `tsx` or `python` for code. */
  format: string;
  parseErrors: { message: string; range: Range }[];
  functions: FunctionSummary[];
  findings: Finding[];
  /** For a handler file: the template functions whose handler it holds (JSON `handlerOf`). */
  handlerOf?: { template: string; function: string; export: string }[];
}
