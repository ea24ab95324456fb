/**
 * The big-sam stress template (2,000 functions, ~820 KB), generated in memory by
 * scripts/gen-big-sam.mjs: the same text on every machine, and nothing needed but the repository.
 */
import { generateBigSam } from '../../scripts/gen-big-sam.mjs';

export const BIG_SAM = generateBigSam();
/** The name it is linted under. */
export const BIG_SAM_PATH = 'big-sam.yaml';
