/**
 * A CDK Lambda function as the model gives it to rules: its settings from its props, and what the
 * file links to it (links.ts), with its construct path as its id.
 */
import { posix } from 'node:path';
import { unwrap } from '../../code/code-node';
import { keepShape } from '../../keep-shape';
import { constantValue } from '../../code/values';
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
import { cdkName } from './cdk-names';
import type { Construct } from './constructs';
import type { CdkFile } from './file';
import { type FunctionSetting, functionSetting } from './function-settings';
import type { FunctionLinks } from './links';
import { ConstructSite } from './sites';

export class CdkFunctionView implements LambdaFunction {
  declare readonly id: string;
  declare readonly construct: Construct;
  declare private readonly file: CdkFile;
  declare private readonly links: FunctionLinks;
  declare private cachedSite: Site | undefined;

  constructor(file: CdkFile, construct: Construct, links: FunctionLinks) {
    this.file = file;
    this.construct = construct;
    this.links = links;
    this.id = file.idOf(construct);
    this.cachedSite = undefined;
  }

  get site(): Site {
    const c = this.construct;
    return (this.cachedSite ??= new ConstructSite(this.file.code, c.call.node, c.idArg, c.props.own));
  }

  /** The setting as written (the adapter groups shared ones by their prop). */
  written(key: SettingKey): FunctionSetting | undefined {
    return functionSetting(this.file, this.construct, this.links, key);
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

  /** The function URLs made for it (`addFunctionUrl`, `new FunctionUrl`). */
  get urlLinks(): FunctionLinks['urls'] {
    return this.links.urls;
  }

  /** `capacityProvider.addFunction(fn)`, when the file runs it on Managed Instances. */
  get capacityProviderCall(): FunctionLinks['capacityProvider'] {
    return this.links.capacityProvider;
  }

  get behindRestApi(): boolean {
    return this.links.behindRestApi;
  }

  get behindHttpApi(): boolean {
    return this.links.behindHttpApi;
  }

  get provisioned(): readonly ProvisionedConcurrency[] {
    return this.links.provisioned;
  }

  get eventSourceMappings(): readonly EventSourceMapping[] {
    return this.links.mappings;
  }

  get schedules(): readonly Schedule[] {
    return this.links.schedules;
  }

  get routes(): readonly Route[] {
    return this.links.routes;
  }

  get asyncInvokers(): readonly string[] {
    return this.links.asyncInvokers;
  }

  /** `onFailure`, a dead-letter queue or topic, or `configureAsyncInvoke({ onFailure })`. */
  get hasAsyncFailureDestination(): boolean {
    return (
      this.links.asyncFailure ||
      this.construct.props.byName.has('onFailure') ||
      this.written('deadLetterQueue') !== undefined
    );
  }

  /**
   * The folder of `Code.fromAsset(…)`, relative to the analysed file's folder: a plain path is read
   * from the app's folder (where cdk.json is, the CDK's working directory), `path.join(__dirname, …)`
   * from the file's. Undefined for other code (inline, images, buckets, bundled entries).
   */
  get codeFolder(): string | undefined {
    const code = unwrap(this.construct.props.byName.get('code')?.value);
    if (code?.type !== 'call_expression' && code?.type !== 'call') return undefined;
    if (cdkName(this.file.code, code.field('function')) !== 'aws_lambda.Code.fromAsset') return undefined;
    const arg = unwrap(code.field('arguments')?.items[0]);
    const fileDir = posix.dirname(this.file.path.replace(/\\/g, '/'));
    const appDir = this.file.project.cdkJson ? posix.dirname(this.file.project.cdkJson) : fileDir;
    const literal = constantValue(this.file.code, arg);
    if (typeof literal === 'string') return posix.relative(fileDir, posix.resolve(appDir, literal)) || '.';
    // path.join(__dirname, 'a', 'b') / os.path.join(os.path.dirname(__file__), 'a')
    if (arg?.type !== 'call_expression' && arg?.type !== 'call') return undefined;
    const parts = arg.field('arguments')?.items ?? [];
    if (!/^(?:path\.(?:join|resolve)|os\.path\.join)$/.test(arg.field('function')?.text ?? ''))
      return undefined;
    const first = parts[0]?.text;
    if (first !== '__dirname' && !/^os\.path\.dirname\(__file__\)$/.test(first ?? '')) return undefined;
    const rest = parts.slice(1).map((p) => constantValue(this.file.code, p));
    if (!rest.every((p) => typeof p === 'string')) return undefined;
    return posix.normalize(posix.join('.', ...(rest as string[])));
  }

  get incomplete(): boolean {
    return this.construct.props.open || this.construct.call.node.syntax.hasError;
  }
}
keepShape(new CdkFunctionView({ idOf: () => '' } as never, {} as never, {} as never));
