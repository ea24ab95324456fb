/**
 * An `aws_lambda_function` instance: its arguments and nested blocks as the AWS provider reads them
 * (null is unset; `reserved_concurrent_executions = -1` is unreserved; a `vpc_config` without subnets
 * and security groups attaches nothing; `dynamic` blocks exist when their `for_each` is not empty),
 * and its code folder (an `archive_file` data source's `source_dir`/`source_file` behind `filename`).
 */
import type { SettingKey, Value } from '../../model/types';
import { keepShape } from '../../keep-shape';
import type { HclAttribute, HclBlock } from './hcl-syntax';
import { blocksOf } from './hcl-syntax';
import { type Scope } from './evaluate';
import { derived, dynamic } from './known';
import { type Instance, type TerraformFolder, isPlainLiteral, writtenList } from './configuration';
import { ARGUMENTS, BLOCK_SETTINGS, TERRAFORM } from './names';
import { type FunctionHost, TerraformFunction, type WrittenSetting } from './function-view';
import { AttributeSite, BlockSite, DeclarationSite } from './sites';
import { referencesIn } from './references';

/** Sites are shared by every instance of a declaration (their findings group by site). */
export type SiteCache = Map<object, AttributeSite | BlockSite>;

/** The values of a block's arguments, evaluated (dynamic when any is). */
export function blockValue(folder: TerraformFolder, block: HclBlock, scope: Scope): Value {
  const parts: Value[] = [];
  const out: Record<string, unknown> = {};
  for (const attribute of block.body.attributes) {
    const value = folder.attribute(attribute, scope)!;
    if (value.kind === 'dynamic') return value;
    parts.push(value);
    out[attribute.name] = value.value;
  }
  for (const nested of block.body.blocks) out[nested.type] = true;
  return derived(parts, out);
}

/**
 * A nested block's value in an instance: a static block as written, or a `dynamic` block's first
 * `content` when its `for_each` is known not to be empty (dynamic when it is not known).
 */
export function nestedBlock(
  folder: TerraformFolder,
  body: HclBlock,
  type: string,
  scope: Scope,
): { block: HclBlock; content: HclBlock; value: Value } | undefined {
  const written = blocksOf(body.body, type)[0];
  if (written) return { block: written, content: written, value: blockValue(folder, written, scope) };
  const generated = blocksOf(body.body, 'dynamic').find((b) => b.labels[0] === type);
  const content = generated && blocksOf(generated.body, 'content')[0];
  if (!generated || !content) return undefined;
  const forEach = folder.attribute(generated.body.byName.get('for_each'), scope);
  if (!forEach || forEach.kind === 'dynamic')
    return { block: generated, content, value: forEach ?? dynamic(`dynamic "${type}" has no for_each`) };
  const items = Array.isArray(forEach.value)
    ? forEach.value.map((v, i) => [i, v] as const)
    : forEach.value && typeof forEach.value === 'object'
      ? Object.entries(forEach.value)
      : [];
  if (items.length === 0) return undefined;
  // The iterator is the block's label unless `iterator = name` renames it.
  const renamed = generated.body.byName.get('iterator')?.expr;
  const name = renamed ? folder.source(renamed).trim() : type;
  const [key, item] = items[0];
  const inner = new Map(scope).set(name, derived([forEach], { key, value: item }));
  const value = blockValue(folder, content, inner);
  return {
    block: generated,
    content,
    value: value.kind === 'dynamic' ? value : derived([forEach, value], value.value),
  };
}

export class ResourceFunction extends TerraformFunction {
  constructor(
    instance: Instance,
    host: FunctionHost,
    private readonly folder: TerraformFolder,
    private readonly sites: SiteCache,
  ) {
    super(instance, host);
  }

  get site(): DeclarationSite {
    return new DeclarationSite(this.folder, this.instance.decl.block, (key) => TERRAFORM.nameOf(key));
  }

  private attributeSite(attribute: HclAttribute): AttributeSite {
    let site = this.sites.get(attribute) as AttributeSite | undefined;
    if (!site)
      this.sites.set(
        attribute,
        (site = new AttributeSite(this.folder, attribute, isPlainLiteral(attribute.expr))),
      );
    return site;
  }

  protected read(key: SettingKey): WrittenSetting | undefined {
    const { block } = this.instance.decl;
    const scope = this.instance.scope;
    const name = ARGUMENTS[key];
    if (key === 'url') return undefined; // a resource of its own: model.urls()
    if (BLOCK_SETTINGS.has(key)) return this.blockSetting(key, name);
    const attribute = block.body.byName.get(name);
    if (!attribute) return undefined;
    let value = this.folder.attribute(attribute, scope)!;
    if (value.kind !== 'dynamic') {
      if (value.value === null) return undefined;
      if (key === 'reservedConcurrency' && value.value === -1) return undefined;
      if (key === 'architecture') {
        if (!Array.isArray(value.value) || value.value.length === 0) return undefined;
        value = derived([value], value.value[0]);
      }
    }
    return { name, value, site: this.attributeSite(attribute) };
  }

  private blockSetting(key: SettingKey, name: string): WrittenSetting | undefined {
    const found = nestedBlock(this.folder, this.instance.decl.block, name, this.instance.scope);
    if (!found) return undefined;
    let { value } = found;
    let valueSite: AttributeSite | undefined;
    const inside = (argument: string) => found.content.body.byName.get(argument);
    if (key === 'vpc' && value.kind === 'dynamic' && found.block === found.content) {
      // Subnets written as a list attach the function, whatever the ids turn out to be.
      const subnets = writtenList(this.folder, inside('subnet_ids')?.expr, this.instance.scope);
      const groups = writtenList(this.folder, inside('security_group_ids')?.expr, this.instance.scope);
      if (subnets?.length && groups?.length)
        value = { kind: 'literal', value: { subnet_ids: subnets, security_group_ids: groups } };
    }
    if (value.kind !== 'dynamic') {
      const fields = value.value as Record<string, unknown>;
      if (key === 'vpc') {
        const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
        if (empty(fields.subnet_ids) && empty(fields.security_group_ids)) value = derived([value], null);
      } else if (key === 'ephemeralStorage' || key === 'deadLetterQueue') {
        const argument = key === 'ephemeralStorage' ? 'size' : 'target_arn';
        const attribute = inside(argument);
        value = derived([value], fields[argument] ?? null);
        if (attribute && found.block === found.content) valueSite = this.attributeSite(attribute);
      }
    }
    let site = this.sites.get(found.block) as BlockSite | undefined;
    if (!site) this.sites.set(found.block, (site = new BlockSite(this.folder, found.block, valueSite)));
    return { name, value, site };
  }

  /**
   * The code folder: `filename` from an `archive_file` data source (its `source_dir`, or the folder
   * of its `source_file`), relative to the module's folder. None for an image, a built zip or S3.
   */
  get codeFolder(): string | undefined {
    const body = this.instance.decl.block.body;
    if (body.byName.has('image_uri')) return undefined;
    const filename = body.byName.get('filename');
    if (!filename?.expr) return undefined;
    for (const ref of referencesIn(this.folder, filename.expr)) {
      if (!ref.address.startsWith('data.archive_file.')) continue;
      const archive = this.folder.byAddress.get(ref.address);
      if (!archive) continue;
      const dir = this.folder.attribute(archive.block.body.byName.get('source_dir'));
      if (dir && dir.kind !== 'dynamic' && typeof dir.value === 'string') return normalize(dir.value);
      const file = this.folder.attribute(archive.block.body.byName.get('source_file'));
      if (file && file.kind !== 'dynamic' && typeof file.value === 'string')
        return normalize(file.value.replace(/[\\/][^\\/]*$/, '') || '.');
    }
    return undefined;
  }
}
keepShape(new ResourceFunction({ address: '' } as never, {} as never, {} as never, new Map()));

/** A relative folder as the model gives it (`./src/` and `src` are `src`; `.` is the module's folder). */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.length ? parts.join('/') : '.';
}
