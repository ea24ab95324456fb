/** Types of scripts/gen-big-sam.mjs, for the tests that import it. */
export interface BigSamOptions {
  /** How many functions (default 2000). */
  functions?: number;
  /** The seed of every function's generator (default 2016). */
  seed?: number;
}
export declare const DEFAULTS: Required<BigSamOptions>;
/** The template's text. */
export declare function generateBigSam(options?: BigSamOptions): string;
/** Writes the template to `file` unless it already holds exactly that text; returns `file`. */
export declare function writeBigSam(file: string, options?: BigSamOptions): string;
