/**
 * The Serverless Framework adapter's entry points: recognise a service file, parse it, and build its
 * semantic model. The front door calls `readServerless`; the rest is exported for tools and tests.
 */
import type { ParseLimits, TemplateDocument } from '../cloudformation/template';
import { type ServiceOptions, buildService } from './service';
import { ServerlessSemantics } from './semantic';
import { isAwsService, parseServiceFile } from './service-file';

export { SERVERLESS, functionLogicalId } from './names';
export {
  isAwsService,
  isServerlessConfigPath,
  mightBeServerless,
  notAnalysedMessage,
  parseServiceFile,
} from './service-file';
export type { FileReader } from './service-files';
export type { ServiceOptions } from './service';
export { ServerlessSemantics } from './semantic';

/** The semantic model of a parsed service file. */
export function serverlessModel(doc: TemplateDocument, options: ServiceOptions = {}): ServerlessSemantics {
  return new ServerlessSemantics(buildService(doc, options));
}

/**
 * Parses a service file and builds its model; `model` is null when the file is not an AWS service
 * (another provider, or not a service at all). Syntax errors are in `doc.problems`; what could be
 * read is modelled all the same.
 */
export function readServerless(
  text: string,
  path: string,
  options: ServiceOptions = {},
  limits?: ParseLimits,
): { doc: TemplateDocument; model: ServerlessSemantics | null } {
  const doc = parseServiceFile(text, path, limits);
  return { doc, model: isAwsService(doc.root) ? serverlessModel(doc, options) : null };
}
