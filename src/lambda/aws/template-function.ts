/**
 * A template's function as deploy needs it: its code folder, the settings a new function is created
 * with, and whether its FunctionName is literal. Read through the local runtime's loader (SAM Globals
 * merged, parameter defaults applied) so that deploy and local invoke see the same function.
 */
import { resolve as resolvePath } from 'node:path';
import { loadTemplate } from '../../core';
import { asString } from '../../core/formats/cloudformation/values';
import { type FunctionDefinition, loadFunctions } from '../local/functions';

export interface TemplateFunction {
  logicalId: string;
  templatePath: string;
  /** FunctionName, when the template writes it as a literal string. */
  literalName?: string;
  /** Why FunctionName is not literal (an intrinsic, or a parameter's default), when it is not. */
  nameNotLiteral?: string;
  /** Absolute folder of CodeUri / Code; undefined with `cannotDeploy` set. */
  codeDir?: string;
  runtime?: string;
  handler?: string;
  memoryMB: number;
  timeoutSeconds: number;
  architectures: string[];
  description: string;
  ephemeralStorageMB: number;
  /** Role, when literal. */
  role?: string;
  /** Environment variables whose values do not depend on the account (those are left out). */
  environment: Record<string, string>;
  /** Variables left out, and other settings read with a problem. */
  warnings: string[];
  /** Why ownless cannot deploy its code (inline code, S3, container image, no folder). */
  cannotDeploy?: string;
}

export interface TemplateFunctionSearch {
  /** The match; undefined when none or several. */
  found?: TemplateFunction;
  /** Templates holding a function of that name, when there are several. */
  ambiguous: string[];
  /** Every function of the templates, as `logicalId (template)`, to suggest. */
  available: string[];
}

/** Two account ids: a value that differs between them depends on the account and is not known here. */
const ACCOUNT_A = '000000000000';
const ACCOUNT_B = '999999999999';

function nameLiteralness(templatePath: string, logicalId: string): { literal?: string; why?: string } {
  const loaded = loadTemplate(templatePath);
  if ('problem' in loaded) return {};
  const fn = loaded.model.functions.find((f) => f.id === logicalId);
  const property = fn?.props.get('FunctionName');
  if (!property) return {};
  const resolved = property.resolved;
  if (resolved.kind === 'literal' && typeof resolved.value === 'string') return { literal: resolved.value };
  if (resolved.kind === 'indirect')
    return { why: `FunctionName comes from parameter ${resolved.parameter} (default ${asString(resolved)})` };
  return {
    why: `FunctionName is decided at deploy time (${resolved.kind === 'dynamic' ? resolved.reason : 'not a string'})`,
  };
}

function toTemplateFunction(
  a: FunctionDefinition,
  b: FunctionDefinition | undefined,
  loadWarnings: string[],
): TemplateFunction {
  const environment: Record<string, string> = {};
  const leftOut: string[] = [];
  for (const [name, value] of Object.entries(a.environment)) {
    if (b?.environment[name] === value) environment[name] = value;
    else leftOut.push(name);
  }
  const name = nameLiteralness(a.templatePath, a.logicalId);
  // The loader's own warnings about this function, except whether it can run locally.
  const prefix = `${a.templatePath}: ${a.logicalId}: `;
  const warnings = loadWarnings
    .filter((w) => w.startsWith(prefix) && !w.startsWith(`${prefix}cannot run locally`))
    .map((w) => w.slice(prefix.length));
  if (leftOut.length)
    warnings.push(
      `environment variable${leftOut.length > 1 ? 's' : ''} ${leftOut.join(', ')} left out: the value depends on the account`,
    );
  let cannotDeploy: string | undefined;
  if (a.inlineCode !== undefined)
    cannotDeploy = 'its code is inline in the template: deploy the stack instead';
  else if (!a.codeDir) cannotDeploy = a.unsupported ?? 'it has no local code folder';
  return {
    logicalId: a.logicalId,
    templatePath: a.templatePath,
    literalName: name.literal,
    nameNotLiteral: name.why,
    codeDir: a.codeDir,
    runtime: a.runtime,
    handler: a.handler,
    memoryMB: a.memoryMB,
    timeoutSeconds: a.timeoutSeconds,
    architectures: a.architectures,
    description: a.description,
    ephemeralStorageMB: a.ephemeralStorageMB,
    role: a.role,
    environment,
    warnings,
    cannotDeploy,
  };
}

/**
 * Finds a function by logical id (or literal FunctionName) in the templates. Each template is read
 * on its own, so the same id in two templates is reported as ambiguous rather than hidden.
 */
export function findTemplateFunction(
  templatePaths: string[],
  id: string,
  region: string,
): TemplateFunctionSearch {
  const matches: TemplateFunction[] = [];
  const available: string[] = [];
  for (const templatePath of templatePaths.map((p) => resolvePath(p))) {
    // Unreadable files (a FIFO, a device, a missing one) and files that are no template are passed over.
    if ('problem' in loadTemplate(templatePath)) continue;
    const loaded = loadFunctions([templatePath], { region, accountId: ACCOUNT_A });
    const first = loaded.functions;
    const second = loadFunctions([templatePath], { region, accountId: ACCOUNT_B }).functions;
    for (const fn of first) {
      available.push(`${fn.logicalId} (${templatePath})`);
      if (fn.logicalId === id || fn.names.includes(id)) {
        const twin = second.find((other) => other.logicalId === fn.logicalId);
        matches.push(toTemplateFunction(fn, twin, loaded.warnings));
      }
    }
  }
  if (matches.length === 1) return { found: matches[0], ambiguous: [], available };
  return { ambiguous: matches.length > 1 ? matches.map((m) => m.templatePath) : [], available };
}
