/**
 * A Terraform module as Terraform reads it: every `*.tf` file of one folder, in name order, as one
 * configuration. The files share one offset space, the folder's text (each file's text followed by a
 * line break, at its `base`), so every span of the model names its file by where it falls
 * (`fileAt`). Variables take their value from `terraform.tfvars`, `terraform.tfvars.json` and
 * `*.auto.tfvars(.json)` in Terraform's order of precedence, else from their default; locals are
 * evaluated when first asked (a cycle is dynamic); `count` and `for_each` give a declaration's instances.
 */
import type { SyntaxProblem } from '../../parse/ast';
import type { Value } from '../../model/types';
import { type HclAttribute, type HclBlock, type HclFile, type HNode, blocksOf } from './hcl-syntax';
import { parseHcl } from './hcl-parser';
import { EMPTY_SCOPE, type EvalContext, Evaluator, type Scope } from './evaluate';
import { derived, dynamic } from './known';
import { keepShape } from '../../keep-shape';

/** A file of the folder, by its name, and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A block declared in the folder: `resource`, `data` or `module`, by its address. */
export interface Declaration {
  /** `aws_lambda_function.worker`, `data.archive_file.code`, `module.api`. */
  address: string;
  /** The resource or data source type; `module` for a module call. */
  type: string;
  name: string;
  block: HclBlock;
  file: HclFile;
}

/** One instance of a declaration: its address as Terraform prints it, and what `count`/`each` mean in it. */
export interface Instance {
  decl: Declaration;
  address: string;
  scope: Scope;
}

/** The configuration files of a folder (`*.tf`), and its variable files, by name. */
export function isConfigurationFile(name: string): boolean {
  return /\.tf$/.test(name);
}

/** Variable files Terraform loads by itself, in the order later ones override earlier ones. */
export function variableFileOrder(names: readonly string[]): string[] {
  const auto = names.filter((n) => /\.auto\.tfvars(?:\.json)?$/.test(n)).sort();
  return [
    ...names.filter((n) => n === 'terraform.tfvars'),
    ...names.filter((n) => n === 'terraform.tfvars.json'),
    ...auto,
  ];
}

const basename = (path: string) => path.replace(/^.*[\\/]/, '');

export class TerraformFolder implements EvalContext {
  readonly files: HclFile[] = [];
  /** Every file's text, each followed by a line break, in the folder's offset space. */
  readonly text: string;
  readonly evaluator = new Evaluator(this);
  readonly declarations: Declaration[] = [];
  readonly byAddress = new Map<string, Declaration>();
  private readonly variables = new Map<string, HclBlock>();
  private readonly variableValues = new Map<string, Value>();
  /** Values from variable files: the last file that sets a variable wins. */
  private readonly fromFiles = new Map<string, Value>();
  private readonly locals = new Map<string, HclAttribute>();
  private readonly localValues = new Map<string, Value | 'evaluating'>();

  constructor(sources: readonly SourceFile[], variableFiles: readonly SourceFile[] = []) {
    const ordered = [...sources].sort((a, b) => (basename(a.path) < basename(b.path) ? -1 : 1));
    let base = 0;
    const texts: string[] = [];
    for (const source of ordered) {
      this.files.push(parseHcl(source.text, source.path, base));
      texts.push(source.text, '\n');
      base += source.text.length + 1;
    }
    this.text = texts.join('');
    for (const file of this.files) this.declare(file);
    const byName = new Map(variableFiles.map((f) => [basename(f.path), f]));
    for (const name of variableFileOrder([...byName.keys()])) this.readVariableFile(byName.get(name)!);
  }

  /** Every syntax problem of the folder, in its offsets. */
  get problems(): SyntaxProblem[] {
    return this.files.flatMap((f) => f.problems);
  }

  /** The file an offset of the folder's text falls in. */
  fileAt(offset: number): HclFile | undefined {
    let found: HclFile | undefined;
    for (const file of this.files) if (file.base <= offset) found = file;
    return found;
  }

  private declare(file: HclFile): void {
    for (const block of file.body.blocks) {
      const [first, second] = block.labels;
      if (block.type === 'variable' && first) this.variables.set(first, block);
      else if (block.type === 'locals')
        for (const attribute of block.body.attributes) this.locals.set(attribute.name, attribute);
      else if ((block.type === 'resource' || block.type === 'data') && first && second)
        this.add({
          address: `${block.type === 'data' ? 'data.' : ''}${first}.${second}`,
          type: first,
          name: second,
          block,
          file,
        });
      else if (block.type === 'module' && first)
        this.add({ address: `module.${first}`, type: 'module', name: first, block, file });
    }
  }

  private add(decl: Declaration): void {
    this.declarations.push(decl);
    if (!this.byAddress.has(decl.address)) this.byAddress.set(decl.address, decl);
  }

  private readVariableFile(source: SourceFile): void {
    const name = basename(source.path);
    if (name.endsWith('.json')) {
      try {
        const parsed = JSON.parse(source.text) as Record<string, unknown>;
        for (const [key, value] of Object.entries(parsed))
          this.fromFiles.set(key, { kind: 'indirect', value, via: `var.${key} (${name})` });
      } catch {
        // A broken variable file makes Terraform stop; what it would set is not known.
      }
      return;
    }
    const file = parseHcl(source.text, source.path);
    // Variable files hold constants: evaluated in their own text, with no variables.
    const evaluator = new Evaluator({ text: source.text, variable: () => undefined, local: () => undefined });
    for (const attribute of file.body.attributes) {
      const value = evaluator.value(attribute.expr);
      this.fromFiles.set(
        attribute.name,
        value.kind === 'dynamic'
          ? value
          : { kind: 'indirect', value: value.value, via: `var.${attribute.name} (${name})` },
      );
    }
  }

  variable(name: string): Value | undefined {
    const cached = this.variableValues.get(name);
    if (cached) return cached;
    const block = this.variables.get(name);
    if (!block) return undefined;
    let value = this.fromFiles.get(name);
    if (!value) {
      const given = block.body.byName.get('default');
      if (!given)
        value = dynamic(`var.${name} has no default: it is set when Terraform runs (-var, TF_VAR_${name})`);
      else {
        const evaluated = this.evaluator.value(given.expr);
        value =
          evaluated.kind === 'dynamic'
            ? evaluated
            : { kind: 'indirect', value: evaluated.value, via: `var.${name}` };
      }
    }
    this.variableValues.set(name, value);
    return value;
  }

  local(name: string): Value | undefined {
    const cached = this.localValues.get(name);
    if (cached === 'evaluating') return dynamic(`local.${name} refers to itself`);
    if (cached) return cached;
    const attribute = this.locals.get(name);
    if (!attribute) return undefined;
    this.localValues.set(name, 'evaluating');
    const evaluated = this.evaluator.value(attribute.expr);
    const value: Value =
      evaluated.kind === 'literal'
        ? { kind: 'indirect', value: evaluated.value, via: `local.${name}` }
        : evaluated;
    this.localValues.set(name, value);
    return value;
  }

  /** The value of an attribute of a body, in an instance's scope; undefined when not written. */
  attribute(attribute: HclAttribute | undefined, scope: Scope = EMPTY_SCOPE): Value | undefined {
    return attribute && this.evaluator.value(attribute.expr, scope);
  }

  /** The source text of a node. */
  source(node: { start: number; end: number }): string {
    return this.text.slice(node.start, node.end);
  }

  /** A declaration's instances: one without `count`/`for_each`, one per index or key, none for count 0. */
  instances(decl: Declaration): Instance[] {
    const { block, address } = decl;
    const count = block.body.byName.get('count');
    const forEach = block.body.byName.get('for_each');
    if (count) {
      const value = this.attribute(count)!;
      if (value.kind === 'dynamic') return [{ decl, address, scope: new Map([['count', value]]) }];
      const n = typeof value.value === 'number' ? value.value : Number(value.value);
      if (!Number.isInteger(n) || n < 0)
        return [{ decl, address, scope: new Map([['count', dynamic('count is not a whole number')]]) }];
      return Array.from({ length: n }, (_, index) => ({
        decl,
        address: `${address}[${index}]`,
        scope: new Map([['count', derived([value], { index })]]),
      }));
    }
    if (forEach) {
      const value = this.attribute(forEach)!;
      if (value.kind === 'dynamic') return [{ decl, address, scope: new Map([['each', value]]) }];
      const entries: [string, unknown][] = Array.isArray(value.value)
        ? value.value.map((v) => [String(v), v])
        : value.value && typeof value.value === 'object'
          ? Object.entries(value.value)
          : [];
      return entries
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => ({
          decl,
          address: `${address}[${JSON.stringify(key)}]`,
          scope: new Map([['each', derived([value], { key, value: item })]]),
        }));
    }
    return [{ decl, address, scope: EMPTY_SCOPE }];
  }

  /** The declarations of a resource type (`aws_sqs_queue`), or of module calls (`module`). */
  declarationsOf(
    type: string,
    kind: 'resource' | 'data' | 'module' = type === 'module' ? 'module' : 'resource',
  ): Declaration[] {
    return this.declarations.filter((d) => d.type === type && d.block.type === kind);
  }
}

keepShape(new TerraformFolder([]));

/** The nested blocks of a body of one type, static ones only. */
export function nestedBlocks(block: HclBlock, type: string): HclBlock[] {
  return blocksOf(block.body, type);
}

/** True when an expression is written as a plain literal (a fix may replace it): a number, a bool, a string without interpolation. */
export function isPlainLiteral(expr: HNode | undefined): boolean {
  let node = expr;
  while (node && node.type === 'expression' && node.children.length === 1) node = node.children[0];
  if (node?.type === 'literal_value') return true;
  if (node?.type === 'template_expr') {
    const template = node.children[0];
    return (
      template.type === 'quoted_template' &&
      template.children.every((c) => c.type !== 'template_interpolation' && c.type !== 'template_directive')
    );
  }
  return false;
}

/**
 * A list written as a list (`[aws_subnet.a.id]`): its length is known before apply even when its
 * items are not. Unknown items are given as their text in `${…}`, as hcl2json writes expressions.
 * Undefined when the expression is not a list constructor.
 */
export function writtenList(
  folder: TerraformFolder,
  expr: HNode | undefined,
  scope: Scope,
): unknown[] | undefined {
  let node = expr;
  while (node && node.type === 'expression' && node.children.length === 1) node = node.children[0];
  const tuple = node?.type === 'collection_value' ? node.children[0] : undefined;
  if (tuple?.type !== 'tuple') return undefined;
  return tuple.children
    .filter((item) => item.type === 'expression')
    .map((item) => {
      const value = folder.evaluator.value(item, scope);
      return value.kind === 'dynamic' ? `\${${folder.source(item)}}` : value.value;
    });
}
