/**
 * Recognising a Serverless Framework service file and reading it with positions: serverless.yml,
 * .yaml and .json whose provider is AWS. serverless.ts and .js are programs: they are named, never run.
 */
import { type Node, asMap, deref, get } from '../../parse/ast';
import {
  DEFAULT_LIMITS,
  type ParseLimits,
  type TemplateDocument,
  parseTemplate,
} from '../cloudformation/template';

/** The service file names the framework reads as data. */
const DATA_NAME = /(?:^|[\\/])serverless\.(?:ya?ml|json)$/i;
/** The service file names the framework runs as code. */
const CODE_NAME = /(?:^|[\\/])serverless\.(?:ts|js|cjs|mjs)$/i;

/** True for serverless.yml, serverless.yaml and serverless.json (by name: the content decides the provider). */
export function isServerlessConfigPath(path: string): boolean {
  return DATA_NAME.test(path);
}

/**
 * For serverless.ts and serverless.js (configuration written as a program): the message to show,
 * once, saying that Ownless does not analyse it (it would have to run it). Undefined for other files.
 */
export function notAnalysedMessage(path: string): string | undefined {
  if (!CODE_NAME.test(path)) return undefined;
  const name = path.split(/[\\/]/).pop();
  return `${name} is a program: Ownless does not run it, so its functions are not analysed. Write the service as serverless.yml to have it checked.`;
}

/** A quick textual test that lets a folder scan skip files that cannot be AWS services unread. */
export function mightBeServerless(text: string): boolean {
  return /provider/.test(text) && /aws/i.test(text);
}

/** The provider's name: `provider.name`, or the v1 shorthand `provider: aws`. */
function providerName(root: Node | null): string | undefined {
  const provider = deref(get(root, 'provider'));
  if (provider?.kind === 'scalar') return provider.value;
  const name = deref(get(provider, 'name'));
  return name?.kind === 'scalar' ? name.value : undefined;
}

/** True when a parsed service file's provider is AWS (the only one Ownless reads). */
export function isAwsService(root: Node | null): boolean {
  return asMap(root) !== null && providerName(root) === 'aws';
}

/**
 * Parses a service file with the project's reader (YAML, or JSON for serverless.json). Never throws:
 * a syntax error is a located problem, and what could be read around it is still there.
 */
export function parseServiceFile(
  text: string,
  path: string,
  limits: ParseLimits = DEFAULT_LIMITS,
): TemplateDocument {
  // The CloudFormation reader's limits and problem handling; its SAM test answers no for a service.
  return parseTemplate(text, path, limits);
}
