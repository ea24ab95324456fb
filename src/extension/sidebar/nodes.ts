/** The items of the Functions tree. Each kind has a contextValue the menus in package.json match. */
import type { EnvironmentSnapshot } from '../../lambda/local';
import type { FunctionTarget, WorkspaceFunction } from '../../server/protocol';

export type GroupKind = 'workspace' | 'local' | 'aws';

export type FunctionsNode =
  | { kind: 'group'; group: GroupKind }
  | { kind: 'template'; uri: string; functions: WorkspaceFunction[] }
  | { kind: 'function'; uri: string; fn: WorkspaceFunction }
  | { kind: 'environment'; environment: EnvironmentSnapshot }
  | {
      kind: 'awsFunction';
      name: string;
      runtime?: string;
      lastModified?: string;
      profile?: string;
      region: string;
    }
  | { kind: 'message'; text: string; tooltip?: string };

export const CONTEXT = {
  function: 'ownless.function',
  awsFunction: 'ownless.awsFunction',
  environment: 'ownless.environment',
  awsGroup: 'ownless.awsGroup',
} as const;

/** The workspace function an argument names, whichever way a command was called (lens, tree, palette). */
export function workspaceFunctionOf(
  arg: FunctionTarget | FunctionsNode | undefined,
): FunctionTarget | undefined {
  if (!arg) return undefined;
  if ('functionId' in arg) return arg;
  if (arg.kind === 'function') return { uri: arg.uri, functionId: arg.fn.id };
  return undefined;
}
