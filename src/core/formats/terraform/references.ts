/**
 * References between declarations, for linking: `aws_sqs_queue.jobs.arn`, `aws_lambda_function.fn["a"].arn`,
 * `module.api.lambda_function_arn`, `data.archive_file.code.output_path`, found anywhere in an
 * expression (inside templates, function calls, conditionals…), with the index written after the
 * name, if any, to pick one instance.
 */
import type { HNode } from './hcl-syntax';
import type { TerraformFolder } from './configuration';
import { terms } from './evaluate';

export interface Reference {
  /** The declaration's address: `aws_sqs_queue.jobs`, `module.api`, `data.archive_file.code`. */
  address: string;
  /** The index written after it (`[0]`, `[each.key]`), evaluated in the referring instance's scope. */
  index: HNode | undefined;
  /** The attribute or output named after it (`arn`, `lambda_function_arn`). */
  attribute: string | undefined;
}

/** Node types whose children may hold a traversal (a term and its postfix steps). */
const HOLDERS = new Set(['expression', 'binary_operation', 'unary_operation']);

/** Every reference to a declaration of the folder in an expression. */
export function referencesIn(folder: TerraformFolder, node: HNode | undefined): Reference[] {
  const found: Reference[] = [];
  const visit = (n: HNode) => {
    if (HOLDERS.has(n.type)) {
      for (const group of terms(n.children)) {
        const ref = reference(folder, group);
        if (ref) found.push(ref);
      }
    }
    for (const child of n.children) visit(child);
  };
  if (node) visit(node);
  return found;
}

function name(folder: TerraformFolder, step: HNode | undefined): string | undefined {
  return step?.type === 'get_attr' ? folder.source(step.children[0]) : undefined;
}

function reference(folder: TerraformFolder, group: readonly HNode[]): Reference | undefined {
  const [head, ...steps] = group;
  if (head.type !== 'variable_expr') return undefined;
  const root = folder.source(head);
  let address: string | undefined;
  let used = 1;
  if (root === 'module') address = name(folder, steps[0]) && `module.${name(folder, steps[0])}`;
  else if (root === 'data') {
    const [type, label] = [name(folder, steps[0]), name(folder, steps[1])];
    address = type && label && `data.${type}.${label}`;
    used = 2;
  } else {
    const label = name(folder, steps[0]);
    address = label && `${root}.${label}`;
  }
  if (!address || !folder.byAddress.has(address)) return undefined;
  const next = steps[used];
  const index =
    next?.type === 'index' && next.children[0].type === 'new_index'
      ? next.children[0].children[0]
      : undefined;
  return { address, index, attribute: name(folder, steps[index ? used + 1 : used]) };
}
