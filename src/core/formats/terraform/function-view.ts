/**
 * A Terraform function as rules see it: an `aws_lambda_function` instance or a call of the
 * terraform-aws-modules/lambda module (resource-function.ts, module-function.ts give its settings),
 * with what the folder links to it (links.ts: provisioned concurrency, mappings, schedules, invokers,
 * routes, failure destinations), read when a rule first asks.
 */
import type {
  EventSourceMapping,
  LambdaFunction,
  ProvisionedConcurrency,
  Route,
  Schedule,
  Setting,
  SettingKey,
  Site,
  Value,
} from '../../model/types';
import type { Instance } from './configuration';
import type { FunctionLinks } from './links';

/** Where a setting of a function is written, and its value there. */
export interface WrittenSetting {
  /** The argument, block or module input as written (`memory_size`, `vpc_config`, `vpc_subnet_ids`). */
  name: string;
  value: Value;
  site: Site;
}

/** What the model gives every function: its links, and the parse problems of the folder. */
export interface FunctionHost {
  linksOf(fn: TerraformFunction): FunctionLinks;
  /** True when a syntax problem lies inside the declaration. */
  hasProblemIn(start: number, end: number): boolean;
}

export const NONE: readonly never[] = Object.freeze([]);

export abstract class TerraformFunction implements LambdaFunction {
  readonly id: string;
  private readonly settings = new Map<SettingKey, WrittenSetting | null>();

  constructor(
    readonly instance: Instance,
    protected readonly host: FunctionHost,
  ) {
    this.id = instance.address;
  }

  abstract get site(): Site;
  /** The setting as written for this function; undefined when the default applies. */
  protected abstract read(key: SettingKey): WrittenSetting | undefined;
  abstract get codeFolder(): string | undefined;
  /** The function's own event source mappings, provisioned concurrency, invokers (a module's inputs). */
  protected ownMappings(): readonly EventSourceMapping[] {
    return NONE;
  }
  protected ownProvisioned(): readonly ProvisionedConcurrency[] {
    return NONE;
  }
  protected ownInvokers(): readonly string[] {
    return NONE;
  }
  protected ownFailureDestination(): boolean {
    return false;
  }

  written(key: SettingKey): WrittenSetting | undefined {
    let found = this.settings.get(key);
    if (found === undefined) this.settings.set(key, (found = this.read(key) ?? null));
    return found ?? undefined;
  }

  setting(key: SettingKey): Setting | undefined {
    const written = this.written(key);
    return (
      written && { key, name: written.name, value: written.value, site: written.site, functions: [this] }
    );
  }

  value(key: SettingKey): Value | undefined {
    return this.written(key)?.value;
  }

  private get links(): FunctionLinks {
    return this.host.linksOf(this);
  }

  get behindRestApi(): boolean {
    return this.links.behindRestApi;
  }

  get behindHttpApi(): boolean {
    return this.links.behindHttpApi;
  }

  get provisioned(): readonly ProvisionedConcurrency[] {
    return join(this.ownProvisioned(), this.links.provisioned);
  }

  get eventSourceMappings(): readonly EventSourceMapping[] {
    return join(this.ownMappings(), this.links.mappings);
  }

  get schedules(): readonly Schedule[] {
    return this.links.schedules.length ? this.links.schedules : NONE;
  }

  get routes(): readonly Route[] {
    return this.links.routes.length ? this.links.routes : NONE;
  }

  get asyncInvokers(): readonly string[] {
    return join(this.ownInvokers(), this.links.invokers);
  }

  get hasAsyncFailureDestination(): boolean {
    return (
      this.written('deadLetterQueue') !== undefined || this.ownFailureDestination() || this.links.onFailure
    );
  }

  get incomplete(): boolean {
    const block = this.instance.decl.block;
    return this.host.hasProblemIn(block.start, block.end);
  }
}

function join<T>(a: readonly T[], b: readonly T[]): readonly T[] {
  if (a.length === 0) return b.length ? b : NONE;
  return b.length === 0 ? a : [...a, ...b];
}
