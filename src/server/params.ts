/**
 * The shapes of the params the server reads, checked before any handler runs: a client (or a hostile
 * process on the server's stdio) can send anything, and a `didOpen` whose `text` is a number used to
 * throw in a timer and end the process. A request with params that do not fit is answered -32602
 * (Invalid params); a notification is dropped. Only what the handlers read is checked; methods not
 * listed pass unchecked (the library answers those it does not know).
 */

/** A check: undefined when the value fits, else what is wrong with it (`at` names where). */
type Check = (value: unknown, at: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const string: Check = (v, at) => (typeof v === 'string' ? undefined : `${at} must be a string`);
const integer: Check = (v, at) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : `${at} must be a whole number of 0 or more`;
const anyInteger: Check = (v, at) => (Number.isSafeInteger(v) ? undefined : `${at} must be a whole number`);

const optional =
  (check: Check): Check =>
  (v, at) =>
    v === undefined || v === null ? undefined : check(v, at);

function object(fields: Record<string, Check>): Check {
  return (v, at) => {
    if (!isObject(v)) return `${at} must be an object`;
    for (const [name, check] of Object.entries(fields)) {
      const problem = check(v[name], `${at}.${name}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function array(item: Check): Check {
  return (v, at) => {
    if (!Array.isArray(v)) return `${at} must be an array`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

const position = object({ line: integer, character: integer });
const range = object({ start: position, end: position });
const documentId = object({ uri: string });
const positionParams = object({ textDocument: documentId, position });
const functionTarget = object({ uri: string, functionId: string });

/** The params of each method the server handles that reads its params. */
const PARAMS: Record<string, Check> = {
  initialize: object({
    rootUri: optional(string),
    workspaceFolders: optional(array(object({ uri: string }))),
  }),
  'textDocument/didOpen': object({
    textDocument: object({ uri: string, languageId: string, version: anyInteger, text: string }),
  }),
  'textDocument/didChange': object({
    textDocument: object({ uri: string, version: anyInteger }),
    contentChanges: array(object({ text: string, range: optional(range) })),
  }),
  'textDocument/didClose': object({ textDocument: documentId }),
  'textDocument/didSave': object({ textDocument: documentId, text: optional(string) }),
  'textDocument/willSave': object({ textDocument: documentId }),
  'textDocument/hover': positionParams,
  'textDocument/completion': positionParams,
  'textDocument/codeLens': object({ textDocument: documentId }),
  'textDocument/codeAction': object({
    textDocument: documentId,
    range,
    context: object({ diagnostics: array(object({ range })), only: optional(array(string)) }),
  }),
  'workspace/executeCommand': object({ command: string, arguments: optional(array(() => undefined)) }),
  'workspace/didChangeWatchedFiles': object({ changes: array(object({ uri: string, type: integer })) }),
  'workspace/didChangeWorkspaceFolders': object({
    event: object({ added: array(object({ uri: string })), removed: array(object({ uri: string })) }),
  }),
  'ownless/functionPayloads': functionTarget,
  'ownless/handlerFile': functionTarget,
  'ownless/suppressionEdit': object({
    target: object({ uri: string, ruleId: string, line: integer, character: integer }),
    reason: string,
  }),
};

/** What is wrong with a message's params, or undefined when the server may handle it. */
export function paramsProblem(method: string, params: unknown): string | undefined {
  const check = PARAMS[method];
  return check ? check(params, 'params') : undefined;
}
