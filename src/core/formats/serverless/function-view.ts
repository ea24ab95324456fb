/**
 * A serverless.yml function as the model gives it to rules: its effective settings (overrides, its
 * own keys, the provider's), its events as schedules, mappings, routes and asynchronous invokers, the
 * keep-warm pings of serverless-plugin-warmup, and what `resources` links to its generated function.
 */
import { deref, findPair, get } from '../../parse/ast';
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
import type { ServiceFunction } from './service';
import type { ServerlessSemantics } from './semantic';
import { ASYNC_EVENTS, EventMapping, EventRoute, eventSchedules, isMappingEvent } from './event-views';
import { FunctionSite, PairSite } from './sites';
import { writtenSetting } from './settings';
import { warmupSchedules } from './warmup';

const NONE: readonly never[] = Object.freeze([]);

export class ServerlessFunctionView implements LambdaFunction {
  readonly id: string;
  private cachedSite: Site | undefined;
  private cachedSchedules: readonly Schedule[] | undefined;
  private cachedMappings: readonly EventSourceMapping[] | undefined;
  private cachedRoutes: readonly Route[] | undefined;
  private cachedInvokers: readonly string[] | undefined;

  constructor(
    /** The function as the service model read it. */
    readonly fn: ServiceFunction,
    private readonly model: ServerlessSemantics,
  ) {
    this.id = fn.name;
  }

  /** The `<Name>LambdaFunction` resource the framework generates. */
  get logicalId(): string {
    return this.fn.logicalId;
  }

  get site(): Site {
    return (this.cachedSite ??= new FunctionSite(this.model.service.doc, this.fn.pair.key, this.fn.body));
  }

  setting(key: SettingKey): Setting | undefined {
    return this.model.settingOf(this, key);
  }

  value(key: SettingKey): Value | undefined {
    return writtenSetting(this.model.service, this.fn, key)?.value;
  }

  get behindRestApi(): boolean {
    return this.fn.events.some((e) => e.type === 'http');
  }

  get behindHttpApi(): boolean {
    return this.fn.events.some((e) => e.type === 'httpApi');
  }

  get provisioned(): readonly ProvisionedConcurrency[] {
    const body = this.fn.body;
    const pair = body ? findPair(body, 'provisionedConcurrency') : undefined;
    if (!body || !pair) return NONE;
    const { doc, variables } = this.model.service;
    const executions = variables.value(pair.value);
    const literal = executions.kind === 'literal';
    return [{ executions, site: new PairSite(doc, variables, body, pair, undefined, literal) }];
  }

  get eventSourceMappings(): readonly EventSourceMapping[] {
    if (this.cachedMappings) return this.cachedMappings;
    const mappings: EventSourceMapping[] = [];
    for (const event of this.fn.events)
      if (isMappingEvent(event.type)) mappings.push(new EventMapping(this.model.service, event));
    for (const mapping of this.model.resourceLinks(this.fn.logicalId).mappings) mappings.push(mapping);
    return (this.cachedMappings = mappings.length ? mappings : NONE);
  }

  get schedules(): readonly Schedule[] {
    if (this.cachedSchedules) return this.cachedSchedules;
    const service = this.model.service;
    const schedules: Schedule[] = [];
    for (const event of this.fn.events)
      if (event.type === 'schedule') for (const s of eventSchedules(service, event)) schedules.push(s);
    for (const s of warmupSchedules(service, this.fn)) schedules.push(s);
    for (const s of this.model.resourceLinks(this.fn.logicalId).schedules) schedules.push(s);
    return (this.cachedSchedules = schedules.length ? schedules : NONE);
  }

  get routes(): readonly Route[] {
    if (this.cachedRoutes) return this.cachedRoutes;
    const routes: Route[] = [];
    for (const event of this.fn.events)
      if (event.type === 'http' || event.type === 'httpApi')
        routes.push(new EventRoute(this.model.service, event));
    return (this.cachedRoutes = routes.length ? routes : NONE);
  }

  get asyncInvokers(): readonly string[] {
    if (this.cachedInvokers) return this.cachedInvokers;
    const invokers: string[] = [];
    for (const event of this.fn.events) {
      if (!(event.type in ASYNC_EVENTS)) continue;
      // A disabled schedule invokes nothing.
      if (event.type === 'schedule' && eventSchedules(this.model.service, event).length === 0) continue;
      invokers.push(`${event.type} event`);
    }
    const fromResources = this.model.service.resources?.asyncInvokersOf(this.fn.logicalId) ?? NONE;
    for (const invoker of fromResources) invokers.push(invoker);
    return (this.cachedInvokers = invokers.length ? invokers : NONE);
  }

  /** `destinations.onFailure`, `onError` (a dead-letter queue or topic), or an EventInvokeConfig of `resources`. */
  get hasAsyncFailureDestination(): boolean {
    const body = this.fn.body;
    if (get(get(body, 'destinations'), 'onFailure') !== undefined) return true;
    if (writtenSetting(this.model.service, this.fn, 'deadLetterQueue')) return true;
    return this.model.resourceLinks(this.fn.logicalId).onFailure;
  }

  /**
   * The service folder: a handler (`src/orders.create`) is a path from there. None for an image or a
   * prebuilt artifact (`package.artifact`).
   */
  get codeFolder(): string | undefined {
    const body = this.fn.body;
    if (get(body, 'image') !== undefined || get(get(body, 'package'), 'artifact') !== undefined)
      return undefined;
    return '.';
  }

  get incomplete(): boolean {
    if (!this.fn.body && deref(this.fn.pair.value)?.kind !== 'map') return true;
    return this.model.hasParseProblem(this.fn);
  }
}
