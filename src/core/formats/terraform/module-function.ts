/**
 * A call of the registry module terraform-aws-modules/lambda/aws as a function, read from its inputs
 * as the module's major version (pinned by `version`, or a git `ref`) reads them (its variables.tf
 * and main.tf): VPC only when both subnet and security-group ids are set, EFS only with both the ARN
 * and the mount path, `reserved_concurrent_executions` and `provisioned_concurrent_executions` off
 * at -1, `create = false` (or `create_function = false`, `create_layer = true`) no function at all,
 * an input the major does not have is not read (Terraform would reject it). Findings sit on the
 * input that causes them.
 */
import type {
  EventSourceMapping,
  NameKey,
  ProvisionedConcurrency,
  Queue,
  SettingKey,
  Value,
} from '../../model/types';
import { keepShape } from '../../keep-shape';
import type { HclAttribute } from './hcl-syntax';
import type { Scope } from './evaluate';
import { derived } from './known';
import { type Instance, type TerraformFolder, isPlainLiteral, writtenList } from './configuration';
import { type FunctionHost, NONE, TerraformFunction, type WrittenSetting } from './function-view';
import { AttributeSite, DeclarationSite } from './sites';
import { TerraformMapping, objectEntries } from './mappings';
import { normalize } from './resource-function';
import type { HNode } from './hcl-syntax';

/** The newest major of the module Ownless knows (an unbounded constraint gets it). */
export const LATEST_MAJOR = 8;

/** A setting's inputs, and the first major that has them (all of them when `since` is absent). */
const INPUTS: Partial<Record<SettingKey, { names: readonly string[]; since?: number }>> = {
  functionName: { names: ['function_name'] },
  runtime: { names: ['runtime'] },
  handler: { names: ['handler'] },
  timeout: { names: ['timeout'] },
  memory: { names: ['memory_size'] },
  ephemeralStorage: { names: ['ephemeral_storage_size'], since: 3 },
  architecture: { names: ['architectures'], since: 2 },
  vpc: { names: ['vpc_subnet_ids', 'vpc_security_group_ids'] },
  fileSystems: { names: ['file_system_arn', 'file_system_local_mount_path'] },
  packageType: { names: ['package_type'] },
  layers: { names: ['layers'] },
  reservedConcurrency: { names: ['reserved_concurrent_executions'] },
  capacityProvider: { names: ['managed_instances_capacity_provider_arn'], since: 8 },
  durableConfig: { names: ['durable_config_execution_timeout'], since: 8 },
  deadLetterQueue: { names: ['dead_letter_target_arn'] },
};

/** The module's input for what a fix inserts (the same names as the provider's for the limits). */
function inputName(key: NameKey): string | undefined {
  return key === 'memory' ? 'memory_size' : key === 'timeout' ? 'timeout' : undefined;
}

/** Services whose `allowed_triggers` invoke asynchronously (`service`, or the principal's service). */
const ASYNC_SERVICES = new Set([
  'events',
  's3',
  'sns',
  'logs',
  'iot',
  'ses',
  'cognito-idp',
  'scheduler',
  'config',
]);

/** True when a module source is terraform-aws-modules/lambda (registry, or its GitHub repository). */
export function isLambdaModuleSource(source: string): boolean {
  return (
    /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/lambda\/aws(?:\/\/.*)?$/.test(source) ||
    /github\.com[/:]terraform-aws-modules\/terraform-aws-lambda(?:\.git)?(?:$|[/?])/.test(source)
  );
}

/**
 * The major version a call gets: from a git `ref=vN…`, else the `version` constraint (`~> 4.0`,
 * `4.18.0`, `>= 7, < 8`); the newest known when the constraint is unbounded or absent.
 */
export function moduleMajor(source: string, version: string | undefined): number {
  const ref = /[?&]ref=v?(\d+)/.exec(source);
  if (ref) return Number(ref[1]);
  if (!version) return LATEST_MAJOR;
  let upper: number | undefined;
  for (const clause of version.split(',')) {
    const match = /^\s*(~>|=|!=|>=|<=|>|<)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(clause);
    if (!match) continue;
    const [, op = '=', major, minor, patch] = match;
    const m = Number(major);
    if (op === '~>' || op === '=') return m;
    if (op === '<') upper = Number(minor ?? 0) === 0 && Number(patch ?? 0) === 0 ? m - 1 : m;
    if (op === '<=') upper = m;
  }
  return upper ?? LATEST_MAJOR;
}

export class ModuleFunction extends TerraformFunction {
  constructor(
    instance: Instance,
    host: FunctionHost,
    private readonly folder: TerraformFolder,
    /** The major version of the module this call gets. */
    readonly major: number,
    private readonly queueOf: (address: string, index: HNode | undefined, scope: Scope) => Queue | null,
  ) {
    super(instance, host);
  }

  get site(): DeclarationSite {
    return new DeclarationSite(this.folder, this.instance.decl.block, inputName);
  }

  /** An input as written, and its value in this instance; undefined when not written (or null). */
  input(name: string): { attribute: HclAttribute; value: Value } | undefined {
    const attribute = this.instance.decl.block.body.byName.get(name);
    if (!attribute) return undefined;
    const value = this.folder.attribute(attribute, this.instance.scope)!;
    return value.kind !== 'dynamic' && value.value === null ? undefined : { attribute, value };
  }

  /** True when the call makes no function (`create`, `create_function` false; `create_layer` true). */
  get switchedOff(): boolean {
    const is = (name: string, value: boolean) => {
      const given = this.input(name);
      return given !== undefined && given.value.kind !== 'dynamic' && given.value.value === value;
    };
    return is('create', false) || is('create_function', false) || is('create_layer', true);
  }

  protected read(key: SettingKey): WrittenSetting | undefined {
    const spec = INPUTS[key];
    if (!spec || (spec.since ?? 1) > this.major) return undefined;
    const given = spec.names.map((name) => this.input(name));
    if (given.some((g) => g === undefined)) return undefined;
    const inputs = given as { attribute: HclAttribute; value: Value }[];
    const [first, ...rest] = inputs.sort((a, b) => a.attribute.start - b.attribute.start);
    let unknown = inputs.find((g) => g.value.kind === 'dynamic');
    let value: Value = unknown?.value ?? first.value;
    if (key === 'vpc' && unknown) {
      // Ids written as lists attach the function, whatever the ids turn out to be.
      const lists = inputs.map((g) => writtenList(this.folder, g.attribute.expr, this.instance.scope));
      if (lists.every((l) => l?.length)) {
        for (const [i, g] of inputs.entries()) g.value = { kind: 'literal', value: lists[i] };
        unknown = undefined;
      }
    }
    if (!unknown) {
      const raw = (name: string) =>
        (inputs.find((g) => g.attribute.name === name)!.value as { value: unknown }).value;
      const values = inputs.map((g) => g.value);
      if (key === 'vpc') {
        const empty = (v: unknown) => Array.isArray(v) && v.length === 0;
        const subnets = raw('vpc_subnet_ids');
        const groups = raw('vpc_security_group_ids');
        value = derived(
          values,
          empty(subnets) && empty(groups) ? null : { subnet_ids: subnets, security_group_ids: groups },
        );
      } else if (key === 'fileSystems')
        value = derived(values, [
          { arn: raw('file_system_arn'), local_mount_path: raw('file_system_local_mount_path') },
        ]);
      else if (key === 'reservedConcurrency' && raw(spec.names[0]) === -1) return undefined;
      else if (key === 'architecture') {
        const list = raw('architectures');
        if (!Array.isArray(list) || list.length === 0) return undefined;
        value = derived(values, list[0]);
      } else if ((key === 'runtime' || key === 'handler') && this.imagePackage()) return undefined;
    }
    const literal = rest.length === 0 && isPlainLiteral(first.attribute.expr);
    return {
      name: first.attribute.name,
      value,
      site: new AttributeSite(
        this.folder,
        first.attribute,
        literal,
        undefined,
        rest.map((g) => g.attribute),
      ),
    };
  }

  private imagePackage(): boolean {
    const type = this.input('package_type')?.value;
    return type !== undefined && type.kind !== 'dynamic' && type.value !== 'Zip';
  }

  protected ownProvisioned(): readonly ProvisionedConcurrency[] {
    const given = this.input('provisioned_concurrent_executions');
    if (!given || (given.value.kind !== 'dynamic' && given.value.value === -1)) return NONE;
    return [
      {
        executions: given.value,
        site: new AttributeSite(this.folder, given.attribute, isPlainLiteral(given.attribute.expr)),
      },
    ];
  }

  protected ownMappings(): readonly EventSourceMapping[] {
    const given = this.input('event_source_mapping');
    if (!given) return NONE;
    const mappings: EventSourceMapping[] = [];
    for (const entry of objectEntries(this.folder, given.attribute.expr).values()) {
      const args = objectEntries(this.folder, entry.expr);
      const pollers = args.get('provisioned_poller_config');
      mappings.push(
        new TerraformMapping(
          this.folder,
          {
            get: (name) => args.get(name)?.expr,
            onFailure: false,
            pollers: pollers && new AttributeSite(this.folder, pollers, false),
            scope: this.instance.scope,
            span: { start: entry.start, end: entry.nameEnd },
            anchor: entry,
          },
          this.queueOf,
        ),
      );
    }
    return mappings;
  }

  protected ownInvokers(): readonly string[] {
    const given = this.input('allowed_triggers');
    if (!given) return NONE;
    const invokers: string[] = [];
    for (const [key, entry] of objectEntries(this.folder, given.attribute.expr)) {
      const args = objectEntries(this.folder, entry.expr);
      const word = (name: string) => {
        const value = this.folder.evaluator.value(args.get(name)?.expr, this.instance.scope);
        return value.kind === 'dynamic' ? undefined : String(value.value);
      };
      const service = word('service') ?? word('principal')?.replace(/\.amazonaws\.com$/, '');
      if (service && ASYNC_SERVICES.has(service)) invokers.push(`allowed_triggers.${key} (${service})`);
    }
    return invokers;
  }

  protected ownFailureDestination(): boolean {
    const async = this.input('create_async_event_config')?.value;
    const enabled = async !== undefined && (async.kind === 'dynamic' || async.value === true);
    return enabled && this.input('destination_on_failure') !== undefined;
  }

  /** `source_path` (a path, a list of paths or of `{ path = … }`), unless the package is prebuilt or an image. */
  get codeFolder(): string | undefined {
    const off = (name: string) => this.input(name) !== undefined;
    const createPackage = this.input('create_package')?.value;
    if (createPackage && createPackage.kind !== 'dynamic' && createPackage.value === false) return undefined;
    if (
      off('local_existing_package') ||
      off('s3_existing_package') ||
      off('image_uri') ||
      this.imagePackage()
    )
      return undefined;
    const given = this.input('source_path')?.value;
    if (!given || given.kind === 'dynamic') return undefined;
    let path: unknown = Array.isArray(given.value) ? given.value[0] : given.value;
    if (path && typeof path === 'object') path = (path as Record<string, unknown>).path;
    return typeof path === 'string' ? normalize(path) : undefined;
  }
}
keepShape(new ModuleFunction({ address: '' } as never, {} as never, {} as never, 0, () => null));
