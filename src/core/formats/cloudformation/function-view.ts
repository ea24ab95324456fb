/**
 * A template function as the model gives it to rules: Lambda concepts read from its properties, its
 * SAM events and the resources linked to it, each list built the first time a rule asks for it.
 */
import { get } from '../../parse/ast';
import { functionCodeFolder } from './code-folder';
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
import type { LambdaFunction as TemplateFunction } from './types';
import type { TemplateSemantics } from './semantic';
import { EventRoute, MappingView, ScheduleView } from './link-views';
import { ownSetting, propertyOf, valueOf } from './settings';
import { keepShape } from '../../keep-shape';

/** SAM event types that invoke the function asynchronously. */
const ASYNC_EVENTS = new Set([
  'S3',
  'SNS',
  'EventBridgeRule',
  'CloudWatchEvent',
  'Schedule',
  'ScheduleV2',
  'CloudWatchLogs',
  'IoTRule',
  'Cognito',
  'SES',
]);

/** The empty list every function without links shares (frozen: never added to). */
const NONE: readonly never[] = Object.freeze([]);

export class FunctionView implements LambdaFunction {
  // Assigned in the constructor rather than as class fields: thousands are made per lint, and
  // field definitions cost more than plain stores (the caches start undefined, so every view has
  // one shape).
  declare readonly id: string;
  declare readonly behindRestApi: boolean;
  declare readonly behindHttpApi: boolean;
  declare private cachedSite: Site | undefined;
  declare private cachedProvisioned: readonly ProvisionedConcurrency[] | undefined;
  declare private cachedMappings: readonly EventSourceMapping[] | undefined;
  declare private cachedSchedules: readonly Schedule[] | undefined;
  declare private cachedRoutes: readonly Route[] | undefined;
  declare private cachedInvokers: readonly string[] | undefined;
  /** The function as the template builder read it. */
  declare readonly fn: TemplateFunction;
  declare private readonly model: TemplateSemantics;

  constructor(fn: TemplateFunction, model: TemplateSemantics) {
    this.fn = fn;
    this.model = model;
    this.id = fn.id;
    this.behindRestApi = fn.behindRestApi;
    this.behindHttpApi = fn.behindHttpApi;
    this.cachedSite = undefined;
    this.cachedProvisioned = undefined;
    this.cachedMappings = undefined;
    this.cachedSchedules = undefined;
    this.cachedRoutes = undefined;
    this.cachedInvokers = undefined;
  }

  get site(): Site {
    return (this.cachedSite ??= this.model.resourceSite(this.fn.resource));
  }

  setting(key: SettingKey): Setting | undefined {
    return ownSetting(key, this.fn, this, this.model.template);
  }

  value(key: SettingKey): Value | undefined {
    const property = propertyOf(key, this.fn);
    return property && valueOf(key, property, this.model.template);
  }

  // Most functions link to nothing: their lists are one shared empty list, made without allocating
  // (rules that run in full on every re-lint ask each function for them).

  get provisioned(): readonly ProvisionedConcurrency[] {
    if (this.fn.provisioned.length === 0) return NONE;
    return (this.cachedProvisioned ??= this.fn.provisioned.map((pc) => ({
      executions: pc.executions,
      site: this.model.propertySite(pc.container, pc.pair, pc.fromGlobals),
    })));
  }

  get eventSourceMappings(): readonly EventSourceMapping[] {
    if (this.fn.eventSourceMappings.length === 0) return NONE;
    return (this.cachedMappings ??= this.fn.eventSourceMappings.map(
      (esm) => new MappingView(esm, this.model),
    ));
  }

  get schedules(): readonly Schedule[] {
    if (this.fn.schedules.length === 0) return NONE;
    return (this.cachedSchedules ??= this.fn.schedules.map((s) => new ScheduleView(s, this.model)));
  }

  get routes(): readonly Route[] {
    if (this.cachedRoutes) return this.cachedRoutes;
    const fromResources = this.model.resourceRoutes(this.id);
    let routes: Route[] | undefined;
    for (const event of this.fn.events)
      if (event.type === 'Api' || event.type === 'HttpApi')
        (routes ??= []).push(new EventRoute(event, this.model));
    if (!routes) return fromResources;
    for (const route of fromResources) routes.push(route);
    return (this.cachedRoutes = routes);
  }

  get asyncInvokers(): readonly string[] {
    if (this.cachedInvokers) return this.cachedInvokers;
    const fromResources = this.model.asyncInvokersOf(this.id);
    if (this.fn.events.length === 0 && this.fn.schedules.length === 0) return fromResources;
    const invokers: string[] = [];
    for (const e of this.fn.events) if (ASYNC_EVENTS.has(e.type)) invokers.push(`${e.type} event ${e.name}`);
    for (const schedule of this.fn.schedules)
      if ('resource' in schedule.source)
        invokers.push(`${schedule.source.resource.type} ${schedule.source.resource.id}`);
    for (const invoker of fromResources) invokers.push(invoker);
    return (this.cachedInvokers = invokers.length ? invokers : NONE);
  }

  get hasAsyncFailureDestination(): boolean {
    const fn = this.fn;
    if (propertyOf('deadLetterQueue', fn)) return true;
    const samConfig = fn.props.get('EventInvokeConfig');
    if (samConfig && get(get(samConfig.pair.value, 'DestinationConfig'), 'OnFailure')) return true;
    return fn.eventInvokeConfigs.some((config) =>
      get(get(config.properties, 'DestinationConfig'), 'OnFailure'),
    );
  }

  get codeFolder(): string | undefined {
    return functionCodeFolder(this.fn);
  }

  /** The function's properties: the same map while its entry, `Globals` and `Parameters` are the same nodes. */
  get unchangedSince(): object {
    return this.fn.props;
  }

  get incomplete(): boolean {
    return this.model.hasParseProblem(this.fn.resource);
  }
}
keepShape(new FunctionView({ id: '', behindRestApi: false, behindHttpApi: false } as never, {} as never));
