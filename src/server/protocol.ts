/**
 * What the Ownless server and its VS Code client agree on beyond LSP itself: custom messages, command
 * ids and initialization options. Plain constants and types, so both bundles can import them.
 */

/** Sent by the server whenever the workspace's totals change. */
export const STATUS_NOTIFICATION = 'ownless/status';
export interface StatusParams {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  /** True while the workspace scan is still running. */
  scanning: boolean;
}

/** Asked by the client once the user has typed a reason: the edit that accepts a deviation. */
export const SUPPRESSION_EDIT_REQUEST = 'ownless/suppressionEdit';
export interface SuppressionEditParams {
  target: FindingTarget;
  reason: string;
}

/** Identifies one finding of one document version (findings have no ids of their own). */
export interface FindingTarget {
  uri: string;
  ruleId: string;
  line: number;
  character: number;
}

/** Client commands the server's code actions and lenses refer to. */
export const COMMANDS = {
  /** Asks for a reason, then applies the suppression (client side: it needs an input box). */
  acceptDeviation: 'ownless.acceptDeviation',
  /** Opens a rule's documentation: [ruleId, url]. Served by the server for any LSP client. */
  showDocumentation: 'ownless.showDocumentation',
  /** Code lens commands, implemented by the extension's sidebar: [{ uri, functionId }]. */
  invokeFunction: 'ownless.invokeFunction',
  /** Invokes the deployed function on AWS (a lens above each handler export): [{ uri, functionId }]. */
  invokeOnAws: 'ownless.invokeOnAws',
  deployFunction: 'ownless.deployFunction',
  showFunctionFindings: 'ownless.showFunctionFindings',
} as const;

export interface FunctionTarget {
  uri: string;
  functionId: string;
}

/** What a client can pass in `initializationOptions`. */
export interface InitializationOptions {
  /** The client implements `ownless.acceptDeviation` (prompting for a reason). */
  promptsForReason?: boolean;
  /** Folder holding the rule pages (`<id>.md`), for clients that show them offline. */
  docsFolder?: string;
}

/** The functions of every analysed template, for the sidebar: `ownless/functions` → TemplateFunctions[]. */
export const FUNCTIONS_REQUEST = 'ownless/functions';
/** Sent (coalesced) when the functions of a template, or their findings counts, changed. */
export const FUNCTIONS_CHANGED_NOTIFICATION = 'ownless/functionsChanged';

export interface TemplateFunctions {
  uri: string;
  functions: WorkspaceFunction[];
}

export interface WorkspaceFunction {
  id: string;
  /** The resource's key, to reveal it. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  runtime: string | null;
  handler: string | null;
  /** A literal FunctionName, when the template sets one. */
  functionName: string | null;
  /** Its findings: in the template, and in its handler's code (as the handler's code lens counts them). */
  findings: number;
  /** Of those, the findings in its handler's code. */
  codeFindings: number;
}

/**
 * The source file of a function's handler, answered from the live buffer when the template is open
 * (the extension never parses templates itself): `ownless/handlerFile` with a FunctionTarget.
 */
export const HANDLER_FILE_REQUEST = 'ownless/handlerFile';
export type HandlerFileResult = { file: string } | { problem: string };

/**
 * What the invoke panel offers for a workspace function, from the template as the server holds it:
 * where its saved events live, and a generated sample per event source. `ownless/functionPayloads`
 * with a FunctionTarget.
 */
export const FUNCTION_PAYLOADS_REQUEST = 'ownless/functionPayloads';
export interface FunctionPayloads {
  /** The template's folder, the function's id and its code folder: where `events/` are looked for. */
  location: { templateDir: string; functionId: string; codeDir?: string };
  samples: { label: string; description: string; text: string }[];
}

/**
 * What the client looks for in a YAML or JSON document before starting the server for it: text that
 * may belong to a template (the core's `mightBeTemplate`; test/meta.test.ts holds them equal).
 */
export const TEMPLATE_HINT = /AWSTemplateFormatVersion|AWS::Serverless-2016-10-31|AWS::[A-Za-z0-9]+::/;

/**
 * Serverless Framework service files: their names, and what the client looks for in one (the core's
 * `isServerlessConfigPath` and `mightBeServerless`; test/meta.test.ts holds them equal).
 */
export const SERVICE_FILE_NAME = /(?:^|[\\/])serverless\.(?:ya?ml|json)$/i;
export const SERVICE_HINTS: readonly RegExp[] = [/provider/, /aws/i];
