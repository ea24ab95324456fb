/**
 * The SAM/CloudFormation adapter's semantic model: what rules read of a template, built over the
 * template model (model/build.ts) as Lambda concepts. Lists are made when a rule first asks for them.
 */
import { keepShape } from '../../keep-shape';
import { type MapNode, type Node, type Pair, asMap, asSeq, deref, findPair, get } from '../../parse/ast';
import type {
  FunctionUrl,
  InvalidEntry,
  LambdaFunction,
  Machine,
  Queue,
  Route,
  SemanticModel,
  Setting,
  SettingKey,
  Site,
  WrittenPart,
} from '../../model/types';
import type { LambdaFunction as TemplateFunction, Resource, TemplateModel } from './types';
import { CLOUDFORMATION } from './names';
import { PropertySite, ResourceSite, nodeSpan } from './sites';
import { type FunctionPairs, TemplateSetting, settingsOf } from './settings';
import { FunctionView } from './function-view';
import { asString, referencedIds, resolve } from './values';
import { writtenParts } from './written';
import { SAM_TRANSFORM } from './template';

/** Resource types that are machines by another name. */
const MACHINE_RESOURCES: Record<string, Machine['kind']> = {
  'AWS::Lambda::CapacityProvider': 'capacityProvider',
  'AWS::Serverless::CapacityProvider': 'capacityProvider',
  'AWS::Lambda::MicrovmImage': 'microvmImage',
  'AWS::Serverless::MicrovmImage': 'microvmImage',
};

/** A greedy path part: `{proxy+}` or any `{name+}`. */
const GREEDY = /\{[^}]+\+\}/;

/** What a template's model lists once for all its functions (shared by a model and its restrictions). */
interface Shared {
  sites: Map<Pair, Site>;
  queues: Map<Resource, Queue>;
  resourceRoutes?: Map<string, Route[]>;
  asyncInvokers?: Map<string, string[]>;
  problemOwners?: Set<Resource>;
  parts?: readonly WrittenPart[];
}

export class TemplateSemantics implements SemanticModel, FunctionPairs {
  readonly format = CLOUDFORMATION;
  readonly functions: readonly LambdaFunction[];
  /** The same functions as the template model has them (index by index with `functions`). */
  readonly templateFunctions: readonly TemplateFunction[];

  private constructor(
    readonly template: TemplateModel,
    templateFunctions: readonly TemplateFunction[],
    views: readonly LambdaFunction[] | undefined,
    private readonly shared: Shared,
  ) {
    this.templateFunctions = templateFunctions;
    this.functions = views ?? templateFunctions.map((fn) => new FunctionView(fn, this));
  }

  /** The semantic model of a template. */
  static of(template: TemplateModel): TemplateSemantics {
    return new TemplateSemantics(template, template.functions, undefined, {
      sites: new Map(),
      queues: new Map(),
      // Every field present from the start: one shape (see keep-shape.ts).
      resourceRoutes: undefined,
      asyncInvokers: undefined,
      problemOwners: undefined,
      parts: undefined,
    });
  }

  static {
    keepShape(TemplateSemantics.of({ functions: [] } as never));
  }

  /** The same model with only some of its functions, by index (a re-lint checks the changed ones again). */
  restrictedTo(indexes: readonly number[]): TemplateSemantics {
    return new TemplateSemantics(
      this.template,
      indexes.map((i) => this.templateFunctions[i]),
      indexes.map((i) => this.functions[i]),
      this.shared,
    );
  }

  get path(): string {
    return this.template.doc.path;
  }

  get text(): string {
    return this.template.doc.text;
  }

  settings(key: SettingKey): readonly Setting[] {
    return settingsOf(this, key);
  }

  get invalidEntries(): readonly InvalidEntry[] {
    const entries: InvalidEntry[] = this.template.invalidResources.map((r) => ({
      id: r.id,
      span: { start: r.keyNode.start, end: r.keyNode.end },
      problem: r.problem,
    }));
    const missing = this.template.doc.missingTransform;
    if (missing)
      entries.unshift({
        id: missing.what,
        span: { start: missing.start, end: missing.end },
        problem: 'missingTransform',
        needs: `Transform: ${SAM_TRANSFORM}`,
      });
    return entries;
  }

  writtenParts(): readonly WrittenPart[] {
    return (this.shared.parts ??= writtenParts(this.template));
  }

  /** A property's site; one object per written pair, so that functions sharing a pair share it. */
  propertySite(container: MapNode, pair: Pair, fromGlobals: boolean): Site {
    let site = this.shared.sites.get(pair);
    if (!site)
      this.shared.sites.set(
        pair,
        (site = new PropertySite(this.template, container, pair, fromGlobals ? 'Globals' : undefined)),
      );
    return site;
  }

  resourceSite(resource: Resource): Site {
    return new ResourceSite(this.template, resource.keyNode, resource.properties);
  }

  queueOf(resource: Resource): Queue {
    let queue = this.shared.queues.get(resource);
    if (queue) return queue;
    const props = resource.properties;
    const pair = props ? findPair(props, 'VisibilityTimeout') : undefined;
    const value = pair ? resolve(pair.value, this.template.parameters) : undefined;
    queue = {
      id: resource.id,
      site: this.resourceSite(resource),
      visibilityTimeout:
        pair && props && value
          ? {
              value,
              site: new PropertySite(
                this.template,
                props,
                pair,
                undefined,
                pair.value,
                value.kind === 'literal',
              ),
            }
          : undefined,
      // SQS's default.
      defaultVisibilityTimeout: 30,
      hasDeadLetterQueue: get(props, 'RedrivePolicy') !== undefined,
    };
    this.shared.queues.set(resource, queue);
    return queue;
  }

  urls(): readonly FunctionUrl[] {
    const urls: FunctionUrl[] = [];
    const { template } = this;
    const auth = (container: MapNode | null, inheritedFrom: string | undefined) => {
      const pair = container ? findPair(container, 'AuthType') : undefined;
      if (!container || !pair) return undefined;
      const value = resolve(pair.value, template.parameters);
      const literal = deref(pair.value)?.kind === 'scalar' && !pair.value.tag;
      return {
        value,
        site: new PropertySite(template, container, pair, inheritedFrom, pair.value, literal, true),
      };
    };
    for (const setting of this.settings('url') as TemplateSetting[]) {
      const { pair, fromGlobals } = setting.property;
      urls.push({
        auth: auth(asMap(pair.value), fromGlobals ? 'Globals' : undefined),
        functions: setting.functions,
        target: '',
      });
    }
    // One per URL resource, naming every function it may target (an `!If` can name two); a URL for
    // a function outside this template is public all the same.
    for (const resource of template.resources.values()) {
      if (resource.type !== 'AWS::Lambda::Url') continue;
      const functions = this.functions.filter((_, i) => this.templateFunctions[i].urls.includes(resource));
      urls.push({ auth: auth(resource.properties, undefined), functions, target: outsideTarget(resource) });
    }
    return urls;
  }

  machines(): readonly Machine[] {
    const machines: Machine[] = [];
    for (const resource of this.template.resources.values()) {
      const kind = MACHINE_RESOURCES[resource.type];
      if (!kind) continue;
      machines.push({
        id: resource.id,
        kind,
        type: resource.type,
        span: { start: resource.keyNode.start, end: resource.keyNode.end },
        functions: this.functions.filter((_, i) =>
          this.templateFunctions[i].capacityProviders.includes(resource),
        ),
      });
    }
    return machines;
  }

  /** Routes of plain CloudFormation API resources that invoke the function. */
  resourceRoutes(id: string): readonly Route[] {
    return (this.shared.resourceRoutes ??= readResourceRoutes(this.template)).get(id) ?? NO_ROUTES;
  }

  /** Plain CloudFormation resources that invoke the function asynchronously. */
  asyncInvokersOf(id: string): readonly string[] {
    return (this.shared.asyncInvokers ??= readAsyncInvokers(this.template)).get(id) ?? NO_INVOKERS;
  }

  /**
   * True when a parse problem lies in a resource's part of the text (up to the next resource): what
   * could not be read there may be exactly the setting a rule would miss.
   */
  hasParseProblem(resource: Resource): boolean {
    if (this.template.doc.problems.length === 0) return false;
    return (this.shared.problemOwners ??= resourcesWithProblems(this.template)).has(resource);
  }
}

const NO_ROUTES: readonly Route[] = Object.freeze([]);
const NO_INVOKERS: readonly string[] = Object.freeze([]);

/** How messages name a URL's target that is not a function of this template. */
function outsideTarget(resource: Resource): string {
  const target = deref(get(resource.properties, 'TargetFunctionArn'));
  if (target?.kind !== 'scalar' || target.tag) return `the function ${resource.id} targets`;
  const name = target.value.includes(':function:')
    ? target.value.split(':function:')[1].split(':')[0]
    : target.value;
  return `function ${name}`;
}

/**
 * Routes written as plain CloudFormation, by the logical id of the function they invoke: HTTP API
 * routes whose integration invokes a function, and REST API methods on a greedy resource.
 */
function readResourceRoutes(template: TemplateModel): Map<string, Route[]> {
  const routes = new Map<string, Route[]>();
  const functionIds = new Set(template.functions.map((f) => f.id));
  const functionsIn = (node: Node | undefined) =>
    [...referencedIds(node)].filter((id) => functionIds.has(id));
  const literal = (node: Node | undefined) =>
    node ? asString(resolve(node, template.parameters)) : undefined;
  const add = (ids: Iterable<string>, route: Route) => {
    for (const id of new Set(ids)) routes.set(id, [...(routes.get(id) ?? []), route]);
  };
  for (const resource of template.resources.values()) {
    const props = resource.properties;
    if (resource.type === 'AWS::ApiGatewayV2::Route') {
      const at = get(props, 'RouteKey');
      const key = literal(at);
      if (!at || key === undefined) continue;
      const targets: string[] = [];
      for (const id of referencedIds(get(props, 'Target'))) {
        const integration = template.resources.get(id);
        if (integration?.type === 'AWS::ApiGatewayV2::Integration')
          targets.push(...functionsIn(get(integration.properties, 'IntegrationUri')));
      }
      const [method, path] = key.split(' ');
      add(targets, { api: 'http', method, path, defaultRoute: key === '$default', span: nodeSpan(at) });
    } else if (resource.type === 'AWS::ApiGateway::Method') {
      const at = get(props, 'HttpMethod');
      const method = literal(at);
      if (!at || method === undefined) continue;
      const parent = [...referencedIds(get(props, 'ResourceId'))]
        .map((id) => template.resources.get(id))
        .find((r) => r?.type === 'AWS::ApiGateway::Resource');
      const part = literal(get(parent?.properties, 'PathPart'));
      // Only the last part of the path is known here: it is what makes the route greedy.
      if (!part || !GREEDY.test(part)) continue;
      add(functionsIn(get(get(props, 'Integration'), 'Uri')), {
        api: 'rest',
        method,
        path: `…/${part}`,
        defaultRoute: false,
        span: nodeSpan(at),
      });
    }
  }
  return routes;
}

function isLambdaProtocol(node: Node | undefined): boolean {
  const protocol = deref(node);
  return protocol?.kind === 'scalar' && protocol.value.toLowerCase() === 'lambda';
}

/**
 * Plain CloudFormation resources that invoke functions asynchronously (EventBridge pattern rules, SNS
 * subscriptions, S3 notifications), by the logical id of the function they name. Scheduled rules are
 * already among the function's schedules.
 */
function readAsyncInvokers(template: TemplateModel): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  const add = (target: Node | undefined, label: string) => {
    for (const id of referencedIds(target)) sources.set(id, [...(sources.get(id) ?? []), label]);
  };
  for (const resource of template.resources.values()) {
    const props = resource.properties;
    const label = `${resource.type} ${resource.id}`;
    if (resource.type === 'AWS::Events::Rule' && !get(props, 'ScheduleExpression')) {
      for (const target of asSeq(get(props, 'Targets'))?.items ?? []) add(get(target, 'Arn'), label);
    } else if (resource.type === 'AWS::SNS::Subscription' && isLambdaProtocol(get(props, 'Protocol'))) {
      add(get(props, 'Endpoint'), label);
    } else if (resource.type === 'AWS::SNS::Topic') {
      for (const sub of asSeq(get(props, 'Subscription'))?.items ?? [])
        if (isLambdaProtocol(get(sub, 'Protocol'))) add(get(sub, 'Endpoint'), label);
    } else if (resource.type === 'AWS::S3::Bucket') {
      for (const config of asSeq(get(get(props, 'NotificationConfiguration'), 'LambdaConfigurations'))
        ?.items ?? [])
        add(get(config, 'Function'), label);
    }
  }
  return sources;
}

/** The resources whose part of the text holds a parse problem. */
function resourcesWithProblems(template: TemplateModel): Set<Resource> {
  const sorted = [...template.resources.values()].sort((a, b) => a.keyNode.start - b.keyNode.start);
  const owners = new Set<Resource>();
  for (const problem of template.doc.problems) {
    // The last resource starting at or before the problem owns it.
    let lo = 0;
    let hi = sorted.length - 1;
    let owner: Resource | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].keyNode.start <= problem.start) {
        owner = sorted[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (owner) owners.add(owner);
  }
  return owners;
}
