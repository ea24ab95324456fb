/**
 * The Terraform adapter's semantic model: one per module folder (every `*.tf` of it). Its functions
 * are `aws_lambda_function` instances and calls of terraform-aws-modules/lambda (ids: addresses as
 * Terraform prints them, `aws_lambda_function.fn["a"]`, `module.api`); instances of one declaration
 * share its sites, so a setting written once for three instances is one setting naming the three.
 * Spans are offsets in the folder's text (`text`: the files joined, each at its base): the file of a
 * span is `folder.fileAt(span.start)`.
 */
import type {
  FunctionUrl,
  InvalidEntry,
  Machine,
  SemanticModel,
  Setting,
  SettingKey,
  WrittenPart,
} from '../../model/types';
import type { HNode } from './hcl-syntax';
import type { Scope } from './evaluate';
import { type Declaration, type Instance, TerraformFolder, isPlainLiteral } from './configuration';
import { TERRAFORM } from './names';
import type { FunctionHost, TerraformFunction } from './function-view';
import { ResourceFunction, type SiteCache } from './resource-function';
import { ModuleFunction, isLambdaModuleSource, moduleMajor } from './module-function';
import { type FunctionLinks, buildLinks, functionsNamedBy, pick } from './links';
import { TerraformQueue } from './mappings';
import { referencesIn } from './references';
import { AbsentAttributeSite, AttributeSite, headerSpan } from './sites';
import { equal } from './known';
import { writtenParts } from './written';
import { keepShape } from '../../keep-shape';

export class TerraformSemantics implements SemanticModel, FunctionHost {
  readonly format = TERRAFORM;
  readonly functions: readonly TerraformFunction[];
  readonly invalidEntries: readonly InvalidEntry[];
  private readonly instances = new Map<Declaration, Instance[]>();
  private readonly byDeclaration = new Map<Declaration, TerraformFunction[]>();
  private readonly sites: SiteCache = new Map();
  private readonly queues = new Map<string, TerraformQueue>();
  private readonly bySetting = new Map<SettingKey, Setting[]>();
  private links: Map<TerraformFunction, FunctionLinks> | undefined;
  private redriven: Set<string> | undefined;
  private parts: readonly WrittenPart[] | undefined;

  constructor(
    readonly folder: TerraformFolder,
    /** The analysed file (a file of the folder): code folders are relative to its folder. */
    readonly path: string,
  ) {
    const functions: TerraformFunction[] = [];
    const invalid: InvalidEntry[] = [];
    for (const decl of folder.declarations) {
      let made: TerraformFunction[] | undefined;
      if (decl.block.type === 'resource' && decl.type === 'aws_lambda_function')
        made = this.instancesOf(decl).map((i) => new ResourceFunction(i, this, folder, this.sites));
      else if (decl.type === 'module') made = this.moduleFunctions(decl);
      if (!made) continue;
      this.byDeclaration.set(decl, made);
      functions.push(...made);
    }
    for (const file of folder.files)
      for (const block of file.body.blocks)
        if (block.type === 'resource' && block.labels.length < 2)
          invalid.push({ id: block.labels[0] ?? 'resource', span: headerSpan(block), problem: 'noType' });
    this.functions = functions;
    this.invalidEntries = invalid;
  }

  get text(): string {
    return this.folder.text;
  }

  private moduleFunctions(decl: Declaration): ModuleFunction[] | undefined {
    const source = this.folder.attribute(decl.block.body.byName.get('source'));
    if (
      !source ||
      source.kind === 'dynamic' ||
      typeof source.value !== 'string' ||
      !isLambdaModuleSource(source.value)
    )
      return undefined;
    const version = this.folder.attribute(decl.block.body.byName.get('version'));
    const major = moduleMajor(
      source.value,
      version && version.kind !== 'dynamic' ? String(version.value) : undefined,
    );
    const queueOf = this.queueOf.bind(this);
    return this.instancesOf(decl)
      .map((i) => new ModuleFunction(i, this, this.folder, major, queueOf))
      .filter((fn) => !fn.switchedOff);
  }

  instancesOf(decl: Declaration): Instance[] {
    let found = this.instances.get(decl);
    if (!found) this.instances.set(decl, (found = this.folder.instances(decl)));
    return found;
  }

  functionsOf(decl: Declaration): readonly TerraformFunction[] {
    return this.byDeclaration.get(decl) ?? [];
  }

  /** The queue a reference names (one instance of it; null when it is not one queue of the folder). */
  queueOf(address: string, index: HNode | undefined, scope: Scope): TerraformQueue | null {
    const decl = this.folder.byAddress.get(address);
    if (!decl || decl.type !== 'aws_sqs_queue') return null;
    const picked = pick(this.folder, address, this.instancesOf(decl), index, scope);
    if (picked.length !== 1) return null;
    const instance = picked[0];
    let queue = this.queues.get(instance.address);
    if (!queue) {
      this.redriven ??= new Set(
        this.folder
          .declarationsOf('aws_sqs_queue_redrive_policy')
          .flatMap((d) =>
            referencesIn(this.folder, d.block.body.byName.get('queue_url')?.expr).map((r) => r.address),
          ),
      );
      queue = new TerraformQueue(this.folder, instance, this.redriven.has(address));
      this.queues.set(instance.address, queue);
    }
    return queue;
  }

  linksOf(fn: TerraformFunction): FunctionLinks {
    this.links ??= buildLinks(this);
    return this.links.get(fn) ?? EMPTY_LINKS;
  }

  hasProblemIn(start: number, end: number): boolean {
    return this.folder.files.some((f) => f.problems.some((p) => p.start < end && p.end > start));
  }

  settings(key: SettingKey): readonly Setting[] {
    let found = this.bySetting.get(key);
    if (found) return found;
    found = [];
    // Instances of one declaration share a site: one setting per site and value, naming each instance.
    const bySite = new Map<object, Setting[]>();
    for (const fn of this.functions) {
      const written = fn.written(key);
      if (!written) continue;
      const group = bySite.get(written.site) ?? [];
      const same = group.find((s) => sameValue(s.value, written.value));
      if (same) (same.functions as TerraformFunction[]).push(fn);
      else {
        const setting: Setting = {
          key,
          name: written.name,
          value: written.value,
          site: written.site,
          functions: [fn],
        };
        group.push(setting);
        found.push(setting);
      }
      bySite.set(written.site, group);
    }
    this.bySetting.set(key, found);
    return found;
  }

  urls(): readonly FunctionUrl[] {
    const urls: FunctionUrl[] = [];
    const folder = this.folder;
    for (const decl of folder.declarationsOf('aws_lambda_function_url'))
      for (const instance of this.instancesOf(decl)) {
        const target = decl.block.body.byName.get('function_name');
        const auth = decl.block.body.byName.get('authorization_type');
        urls.push({
          auth: auth && {
            value: folder.attribute(auth, instance.scope)!,
            site: new AttributeSite(folder, auth, isPlainLiteral(auth.expr)),
          },
          functions: functionsNamedBy(this, target?.expr, instance.scope),
          target: target?.expr ? folder.source(target.expr) : instance.address,
        });
      }
    for (const fn of this.functions) {
      if (!(fn instanceof ModuleFunction) || fn.major < 3) continue;
      const create = fn.input('create_lambda_function_url');
      if (!create || create.value.kind === 'dynamic' || create.value.value !== true) continue;
      const auth = fn.input('authorization_type');
      urls.push({
        auth: auth
          ? {
              value: auth.value,
              site: new AttributeSite(folder, auth.attribute, isPlainLiteral(auth.attribute.expr)),
            }
          : {
              value: { kind: 'indirect', value: 'NONE', via: "authorization_type (the module's default)" },
              site: new AbsentAttributeSite(
                folder,
                fn.instance.decl.block,
                create.attribute,
                'authorization_type',
              ),
            },
        functions: [fn],
        target: fn.id,
      });
    }
    return urls;
  }

  machines(): readonly Machine[] {
    const machines: Machine[] = [];
    for (const decl of this.folder.declarationsOf('aws_lambda_capacity_provider'))
      for (const instance of this.instancesOf(decl)) {
        const users = this.functions.filter((fn) => {
          const block = fn.instance.decl.block;
          return this.folder.source(block).includes(decl.address);
        });
        machines.push({
          id: instance.address,
          kind: 'capacityProvider',
          type: decl.type,
          span: headerSpan(decl.block),
          functions: users,
        });
      }
    return machines;
  }

  writtenParts(): readonly WrittenPart[] {
    return (this.parts ??= writtenParts(this.folder));
  }
}

keepShape(new TerraformSemantics(new TerraformFolder([]), ''));

const EMPTY_LINKS: FunctionLinks = Object.freeze({
  provisioned: [],
  mappings: [],
  schedules: [],
  invokers: [],
  routes: [],
  onFailure: false,
  behindRestApi: false,
  behindHttpApi: false,
}) as unknown as FunctionLinks;

function sameValue(a: Setting['value'], b: Setting['value']): boolean {
  if (a.kind === 'dynamic' || b.kind === 'dynamic')
    return a.kind === b.kind && a.kind === 'dynamic' && a.reason === (b as { reason: string }).reason;
  return a.kind === b.kind && equal(a.value, b.value);
}
