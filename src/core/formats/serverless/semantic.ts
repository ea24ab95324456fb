/**
 * The Serverless Framework adapter's semantic model: what rules read of a serverless.yml. Its
 * functions are the service's (ids: their keys under `functions`) and any function `resources`
 * declares as plain CloudFormation; a `provider` setting is one setting naming every function that
 * takes it (`inheritedFrom: 'provider'`); `resources` is read by the CloudFormation adapter.
 */
import { type Pair, findPair, get } from '../../parse/ast';
import type {
  FunctionUrl,
  InvalidEntry,
  LambdaFunction,
  Machine,
  SemanticModel,
  Setting,
  SettingKey,
  WrittenPart,
} from '../../model/types';
import { asString } from '../../model/values';
import { SERVERLESS } from './names';
import { type ServiceFunction, type ServiceModel, isNullOrFalse } from './service';
import { ServerlessFunctionView } from './function-view';
import { type ResourceLinks, readResourceLinks } from './resource-links';
import { type WrittenSetting, writtenSetting } from './settings';
import { PairSite, UrlAuthSite } from './sites';
import { serviceParts } from './written';

/** Where inherited settings come from, as findings say it. */
const PROVIDER = 'provider';

export class ServerlessSemantics implements SemanticModel {
  readonly format = SERVERLESS;
  readonly functions: readonly LambdaFunction[];
  /** The service's own functions (the first of `functions`, in order). */
  readonly serviceFunctions: readonly ServerlessFunctionView[];
  private readonly byKey = new Map<SettingKey, Setting[]>();
  private links: ((logicalId: string) => ResourceLinks) | undefined;
  private parts: readonly WrittenPart[] | undefined;
  private problemOwners: Set<ServiceFunction> | undefined;

  constructor(readonly service: ServiceModel) {
    this.serviceFunctions = service.functions.map((fn) => new ServerlessFunctionView(fn, this));
    const fromResources = service.resources?.functions ?? [];
    this.functions = fromResources.length
      ? [...this.serviceFunctions, ...fromResources]
      : this.serviceFunctions;
  }

  get path(): string {
    return this.service.doc.path;
  }

  get text(): string {
    return this.service.doc.text;
  }

  get invalidEntries(): readonly InvalidEntry[] {
    return this.service.invalidEntries;
  }

  /**
   * True when a parse problem lies in a function's part of the text (from its key up to the next
   * function's): what could not be read there may be exactly the setting a rule would miss.
   */
  hasParseProblem(fn: ServiceFunction): boolean {
    const { doc, functions } = this.service;
    if (doc.problems.length === 0) return false;
    if (!this.problemOwners) {
      this.problemOwners = new Set();
      const sorted = [...functions].sort((a, b) => a.pair.key.start - b.pair.key.start);
      const functionsEnd = get(doc.root, 'functions')?.end ?? doc.text.length;
      for (const problem of doc.problems) {
        let owner: ServiceFunction | undefined;
        for (const candidate of sorted) if (candidate.pair.key.start <= problem.start) owner = candidate;
        if (owner && problem.start <= Math.max(functionsEnd, owner.pair.value.end))
          this.problemOwners.add(owner);
      }
    }
    return this.problemOwners.has(fn);
  }

  /** What `resources` links to a generated function, by its logical id. */
  resourceLinks(logicalId: string): ResourceLinks {
    this.links ??= readResourceLinks(
      this.service.resources,
      new Set(this.service.functions.map((f) => f.logicalId)),
    );
    return this.links(logicalId);
  }

  private toSetting(key: SettingKey, written: WrittenSetting, functions: readonly LambdaFunction[]): Setting {
    const { doc, variables } = this.service;
    const inheritedFrom = written.from === 'provider' ? PROVIDER : undefined;
    return {
      key,
      name: written.name,
      value: written.value,
      functions,
      site: new PairSite(
        doc,
        variables,
        written.container,
        written.pair,
        inheritedFrom,
        written.literal,
        written.removable,
      ),
    };
  }

  /** A function's effective setting, naming the function alone. */
  settingOf(view: ServerlessFunctionView, key: SettingKey): Setting | undefined {
    const written = writtenSetting(this.service, view.fn, key);
    return written && this.toSetting(key, written, [view]);
  }

  settings(key: SettingKey): readonly Setting[] {
    let found = this.byKey.get(key);
    if (found) return found;
    found = [];
    const inherited = new Map<Pair, { written: WrittenSetting; functions: LambdaFunction[] }>();
    for (const view of this.serviceFunctions) {
      const written = writtenSetting(this.service, view.fn, key);
      if (!written) continue;
      if (written.from !== 'provider') {
        found.push(this.toSetting(key, written, [view]));
        continue;
      }
      let group = inherited.get(written.pair);
      if (!group) inherited.set(written.pair, (group = { written, functions: [] }));
      group.functions.push(view);
    }
    for (const { written, functions } of inherited.values())
      found.push(this.toSetting(key, written, functions));
    for (const setting of this.service.resources?.settings(key) ?? []) found.push(setting);
    this.byKey.set(key, found);
    return found;
  }

  urls(): readonly FunctionUrl[] {
    const urls: FunctionUrl[] = [];
    const { doc, variables } = this.service;
    for (const view of this.serviceFunctions) {
      const body = view.fn.body;
      const pair = body ? findPair(body, 'url') : undefined;
      if (!pair || isNullOrFalse(pair.value)) continue;
      const authorizer = get(pair.value, 'authorizer');
      // Without `authorizer: aws_iam` the framework's URL is public (AuthType NONE).
      const written = authorizer ? variables.value(authorizer) : undefined;
      const value =
        written?.kind === 'dynamic'
          ? written
          : { kind: 'literal' as const, value: asString(written) === 'aws_iam' ? 'AWS_IAM' : 'NONE' };
      urls.push({ auth: { value, site: new UrlAuthSite(doc, pair) }, functions: [view], target: '' });
    }
    for (const url of this.service.resources?.urls() ?? []) urls.push(url);
    return urls;
  }

  machines(): readonly Machine[] {
    return this.service.resources?.machines() ?? [];
  }

  writtenParts(): readonly WrittenPart[] {
    return (this.parts ??= serviceParts(this.service));
  }
}
