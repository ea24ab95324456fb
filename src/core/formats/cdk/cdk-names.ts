/**
 * What a name in CDK app code stands for, whatever the file imported it as: `lambda.Function`,
 * `cdk.aws_lambda.Function`, `Function` from `aws-cdk-lib/aws-lambda`, Python's `_lambda.Function`
 * from `aws_cdk import aws_lambda as _lambda` all read as `aws_lambda.Function`; `cdk.Duration.seconds`
 * as `core.Duration.seconds`. Names are followed through the file's bindings by the handler-code
 * resolver (src/core/code/resolve.ts): imports, aliases, destructuring, variables.
 */
import type { CodeNode } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import { type Origin, originOf } from '../../code/resolve';

/** The aws-cdk-lib submodule a module name imports (`aws_lambda`, `core`), or undefined. */
function submoduleOf(module: string): { submodule: string | undefined } | undefined {
  // TypeScript: aws-cdk-lib, aws-cdk-lib/<sub>, CDK v1's @aws-cdk/<sub>, the alpha modules.
  if (module === 'aws-cdk-lib' || module === 'aws_cdk') return { submodule: undefined };
  let m = /^aws-cdk-lib\/([a-z0-9-]+)$/.exec(module) ?? /^@aws-cdk\/([a-z0-9-]+)$/.exec(module);
  if (m) return { submodule: m[1].replace(/-alpha$/, '').replace(/-/g, '_') };
  // Python: aws_cdk.<sub>, CDK v1's aws_cdk.core.
  m = /^aws_cdk\.([a-z0-9_]+)$/.exec(module);
  if (m) return { submodule: m[1].replace(/_alpha$/, '') };
  return undefined;
}

/** Submodules of aws-cdk-lib named as members of the root (`cdk.aws_lambda`); anything else is core. */
const NAMESPACED = /^(?:aws_|alexa_|pipelines$|custom_resources$|region_info$|cx_api$|assertions$)/;

/** The canonical name of a module origin (`aws_lambda.Function`), or undefined when it is not the CDK's. */
export function canonicalName(origin: Origin): string | undefined {
  if (origin.kind !== 'module') return undefined;
  const found = submoduleOf(origin.module);
  if (!found) return undefined;
  let { submodule } = found;
  let path = origin.path;
  if (submodule === undefined) {
    if (path.length > 0 && NAMESPACED.test(path[0])) {
      submodule = path[0].replace(/_alpha$/, '');
      path = path.slice(1);
    } else submodule = 'core';
  }
  return path.length ? `${submodule}.${path.join('.')}` : submodule;
}

/** The canonical CDK name of what an expression refers to (`aws_lambda.Runtime.NODEJS_20_X`), or undefined. */
export function cdkName(model: CodeModel, node: CodeNode | undefined): string | undefined {
  if (!node) return undefined;
  return canonicalName(originOf(model, node));
}

/**
 * How this file writes a core class (`Duration`, `Size`) for a fix to use: its own imported name
 * (`Duration`, `cdk.Duration`, `core.Duration`); undefined when the file imports neither it nor the
 * library's root.
 */
export function localCoreName(model: CodeModel, member: string): string | undefined {
  let viaRoot: string | undefined;
  for (const binding of model.moduleScope.bindings.values()) {
    if (binding.kind !== 'import' || !binding.import) continue;
    const origin: Origin = {
      kind: 'module',
      module: binding.import.module,
      path:
        binding.import.imported === '*' || binding.import.imported === 'default'
          ? [...(binding.path ?? [])]
          : [binding.import.imported, ...(binding.path ?? [])],
    };
    const name = canonicalName(origin);
    if (name === `core.${member}`) return binding.name;
    if (name === 'core' && origin.path.length === 0) viaRoot ??= `${binding.name}.${member}`;
  }
  return viaRoot;
}
