// @ts-check
/**
 * The ES module side of node-isolation.js for Node.js versions without in-thread hooks (registered with
 * module.register by the Node.js bootstrap, which runs it on a loader thread): a bare import from the
 * function's or a layer's code resolves inside that code, then from the layers, then, for `@aws-sdk/*`,
 * from the SDK, as on Lambda (resolveImport holds the rules).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { confinement, resolveImport } = require('./node-isolation.js');

/** @type {ReturnType<typeof confinement> | undefined} */
let rules;

/** @param {{ taskRoot: string, nodePath: string[], sdkModules?: string }} settings */
export function initialize(settings) {
  rules = confinement(settings);
}

/**
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @param {(specifier: string, context?: object) => Promise<{ url: string }>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  if (!rules) return nextResolve(specifier, context);
  const steps = resolveImport(rules, specifier, context);
  let step = steps.next();
  while (!step.done) {
    /** @type {{ url?: string, error?: unknown }} */
    let answer;
    try {
      answer = await nextResolve(...step.value);
    } catch (error) {
      answer = { error };
    }
    step = steps.next(answer);
  }
  return step.value;
}
