/**
 * What the folder links to each function, read once per model from the resources that name one
 * (through a reference, an alias, or a literal function name or ARN): provisioned concurrency,
 * event source mappings, EventBridge rules and targets, EventBridge Scheduler schedules (expression
 * and constant `input`), SNS subscriptions and S3 notifications (asynchronous invokers), event
 * invoke configs with an on-failure destination, and API Gateway integrations and routes.
 */
import type {
  EventSourceMapping,
  ProvisionedConcurrency,
  Queue,
  Route,
  Schedule,
  Value,
} from '../../model/types';
import type { HclBlock, HNode } from './hcl-syntax';
import type { Scope } from './evaluate';
import { type Declaration, type Instance, type TerraformFolder, isPlainLiteral } from './configuration';
import type { TerraformFunction } from './function-view';
import { referencesIn } from './references';
import { AttributeSite, BlockSite, attributeSpan } from './sites';
import { TerraformMapping, resourceMappingArguments } from './mappings';
import { keepShape } from '../../keep-shape';

export class FunctionLinks {
  provisioned: ProvisionedConcurrency[] = [];
  mappings: EventSourceMapping[] = [];
  schedules: Schedule[] = [];
  invokers: string[] = [];
  routes: Route[] = [];
  onFailure = false;
  behindRestApi = false;
  behindHttpApi = false;
}

keepShape(new FunctionLinks());

/** How links find their functions and queues. */
export interface LinkContext {
  folder: TerraformFolder;
  instancesOf(decl: Declaration): Instance[];
  functionsOf(decl: Declaration): readonly TerraformFunction[];
  functions: readonly TerraformFunction[];
  queueOf(address: string, index: HNode | undefined, scope: Scope): Queue | null;
}

/** Instances among `instances` that an index written after a reference picks (all when it is not known). */
export function pick<T extends { id: string } | Instance>(
  folder: TerraformFolder,
  address: string,
  items: readonly T[],
  index: HNode | undefined,
  scope: Scope,
): T[] {
  if (!index) return [...items];
  const key = folder.evaluator.value(index, scope);
  if (key.kind === 'dynamic') return [...items];
  const suffix = typeof key.value === 'number' ? `[${key.value}]` : `[${JSON.stringify(String(key.value))}]`;
  return items.filter((item) => ('id' in item ? item.id : item.address) === address + suffix);
}

/** The functions an expression names: through references (to functions, aliases, module calls), else a literal name or ARN. */
export function functionsNamedBy(
  context: LinkContext,
  expr: HNode | undefined,
  scope: Scope,
): TerraformFunction[] {
  const { folder } = context;
  const found = new Set<TerraformFunction>();
  for (const ref of referencesIn(folder, expr)) {
    const decl = folder.byAddress.get(ref.address)!;
    if (decl.type === 'aws_lambda_function' || decl.type === 'module')
      for (const fn of pick(folder, decl.address, context.functionsOf(decl), ref.index, scope)) found.add(fn);
    else if (decl.type === 'aws_lambda_alias')
      for (const alias of pick(folder, decl.address, context.instancesOf(decl), ref.index, scope))
        for (const fn of functionsNamedBy(
          context,
          alias.decl.block.body.byName.get('function_name')?.expr,
          alias.scope,
        ))
          found.add(fn);
  }
  if (found.size === 0 && expr) {
    const value = folder.evaluator.value(expr, scope);
    const text = value.kind === 'dynamic' ? undefined : String(value.value);
    const name = text && (/:function:([^:]+)/.exec(text)?.[1] ?? text);
    if (name)
      for (const fn of context.functions) {
        const own = folder.attribute(
          fn.instance.decl.block.body.byName.get('function_name'),
          fn.instance.scope,
        );
        if (own && own.kind !== 'dynamic' && own.value === name) found.add(fn);
      }
  }
  return [...found];
}

function word(folder: TerraformFolder, block: HclBlock, name: string, scope: Scope): string | undefined {
  const value = folder.attribute(block.body.byName.get(name), scope);
  return value && value.kind !== 'dynamic' && value.value !== null ? String(value.value) : undefined;
}

function disabled(folder: TerraformFolder, block: HclBlock, scope: Scope): boolean {
  const state = word(folder, block, 'state', scope);
  return state === 'DISABLED' || word(folder, block, 'is_enabled', scope) === 'false';
}

/** A schedule written on a rule or a Scheduler schedule, with the constant input of its target. */
function schedule(
  folder: TerraformFolder,
  owner: Instance,
  target: { block: HclBlock; scope: Scope },
  labels: string[],
): Schedule | undefined {
  const expression = owner.decl.block.body.byName.get('schedule_expression');
  if (!expression) return undefined;
  const input = target.block.body.byName.get('input');
  let inputText: string | undefined;
  return {
    expression: folder.attribute(expression, owner.scope) as Value,
    span: attributeSpan(folder.text, expression),
    labels: labels.filter(Boolean),
    inputText(hint: RegExp): string {
      if (!input || !hint.test(folder.source(input))) return '';
      if (inputText === undefined) {
        const value = folder.attribute(input, target.scope)!;
        inputText =
          value.kind === 'dynamic' || typeof value.value !== 'string' ? '' : value.value.slice(0, 10_000);
      }
      return inputText;
    },
  };
}

/** Builds every function's links. */
export function buildLinks(context: LinkContext): Map<TerraformFunction, FunctionLinks> {
  const { folder } = context;
  const links = new Map<TerraformFunction, FunctionLinks>();
  const of = (fn: TerraformFunction) => {
    let found = links.get(fn);
    if (!found) links.set(fn, (found = new FunctionLinks()));
    return found;
  };
  const each = (type: string, visit: (instance: Instance) => void) => {
    for (const decl of folder.declarationsOf(type))
      for (const instance of context.instancesOf(decl)) visit(instance);
  };
  const named = (instance: Instance, argument: string, block = instance.decl.block) =>
    functionsNamedBy(context, block.body.byName.get(argument)?.expr, instance.scope);

  each('aws_lambda_provisioned_concurrency_config', (instance) => {
    const block = instance.decl.block;
    const attribute = block.body.byName.get('provisioned_concurrent_executions');
    // Without the argument the resource is invalid; its removal is still the fix.
    const site = attribute
      ? new AttributeSite(folder, attribute, isPlainLiteral(attribute.expr), block)
      : new BlockSite(folder, block);
    const pc: ProvisionedConcurrency = { executions: folder.attribute(attribute, instance.scope), site };
    for (const fn of named(instance, 'function_name')) of(fn).provisioned.push(pc);
  });
  each('aws_lambda_event_source_mapping', (instance) => {
    const mapping = new TerraformMapping(folder, resourceMappingArguments(folder, instance), (a, i, s) =>
      context.queueOf(a, i, s),
    );
    for (const fn of named(instance, 'function_name')) of(fn).mappings.push(mapping);
  });
  each('aws_lambda_function_event_invoke_config', (instance) => {
    const destination = instance.decl.block.body.blocks.find((b) => b.type === 'destination_config');
    if (!destination?.body.blocks.some((b) => b.type === 'on_failure')) return;
    for (const fn of named(instance, 'function_name')) of(fn).onFailure = true;
  });
  each('aws_cloudwatch_event_target', (target) => {
    const fns = named(target, 'arn');
    if (fns.length === 0) return;
    for (const ref of referencesIn(folder, target.decl.block.body.byName.get('rule')?.expr)) {
      const decl = folder.byAddress.get(ref.address)!;
      if (decl.type !== 'aws_cloudwatch_event_rule') continue;
      for (const rule of pick(folder, decl.address, context.instancesOf(decl), ref.index, target.scope)) {
        if (disabled(folder, rule.decl.block, rule.scope)) continue;
        const labels = [
          rule.decl.name,
          word(folder, rule.decl.block, 'name', rule.scope) ?? '',
          word(folder, rule.decl.block, 'description', rule.scope) ?? '',
          word(folder, target.decl.block, 'target_id', target.scope) ?? '',
        ];
        const found = schedule(folder, rule, { block: target.decl.block, scope: target.scope }, labels);
        for (const fn of fns) {
          if (found) of(fn).schedules.push(found);
          of(fn).invokers.push(rule.address);
        }
      }
    }
  });
  each('aws_scheduler_schedule', (instance) => {
    const block = instance.decl.block;
    const target = block.body.blocks.find((b) => b.type === 'target');
    if (!target || disabled(folder, block, instance.scope)) return;
    const labels = [
      instance.decl.name,
      word(folder, block, 'name', instance.scope) ?? '',
      word(folder, block, 'description', instance.scope) ?? '',
    ];
    const found = schedule(folder, instance, { block: target, scope: instance.scope }, labels);
    for (const fn of named(instance, 'arn', target)) {
      if (found) of(fn).schedules.push(found);
      of(fn).invokers.push(instance.address);
    }
  });
  each('aws_sns_topic_subscription', (instance) => {
    if (word(folder, instance.decl.block, 'protocol', instance.scope) !== 'lambda') return;
    for (const fn of named(instance, 'endpoint')) of(fn).invokers.push(instance.address);
  });
  each('aws_s3_bucket_notification', (instance) => {
    for (const notification of instance.decl.block.body.blocks.filter((b) => b.type === 'lambda_function'))
      for (const fn of named(instance, 'lambda_function_arn', notification))
        of(fn).invokers.push(instance.address);
  });
  linkApis(context, of);
  return links;
}

/** API Gateway: integrations put functions behind an API; HTTP API routes and REST resources give their routes. */
function linkApis(context: LinkContext, of: (fn: TerraformFunction) => FunctionLinks): void {
  const { folder } = context;
  const integrated = new Map<Declaration, TerraformFunction[]>();
  for (const type of ['aws_apigatewayv2_integration', 'aws_api_gateway_integration'] as const)
    for (const decl of folder.declarationsOf(type))
      for (const instance of context.instancesOf(decl)) {
        const uri = type === 'aws_api_gateway_integration' ? 'uri' : 'integration_uri';
        const fns = functionsNamedBy(context, decl.block.body.byName.get(uri)?.expr, instance.scope);
        integrated.set(decl, [...(integrated.get(decl) ?? []), ...fns]);
        for (const fn of fns) {
          if (type === 'aws_apigatewayv2_integration') of(fn).behindHttpApi = true;
          else of(fn).behindRestApi = true;
          if (type === 'aws_api_gateway_integration') {
            const route = restRoute(folder, decl.block, instance.scope);
            if (route) of(fn).routes.push(route);
          }
        }
      }
  for (const decl of folder.declarationsOf('aws_apigatewayv2_route'))
    for (const instance of context.instancesOf(decl)) {
      const keyAttribute = decl.block.body.byName.get('route_key');
      const key = word(folder, decl.block, 'route_key', instance.scope);
      if (!keyAttribute || key === undefined) continue;
      const [method, path] = key === '$default' ? [undefined, undefined] : key.split(/\s+/, 2);
      const route: Route = {
        api: 'http',
        method,
        path,
        defaultRoute: key === '$default',
        span: attributeSpan(folder.text, keyAttribute),
      };
      for (const ref of referencesIn(folder, decl.block.body.byName.get('target')?.expr)) {
        const integration = folder.byAddress.get(ref.address);
        for (const fn of (integration && integrated.get(integration)) ?? []) of(fn).routes.push(route);
      }
    }
}

/** A REST API integration's route: its method's HTTP method and its resource's path part. */
function restRoute(folder: TerraformFolder, integration: HclBlock, scope: Scope): Route | undefined {
  const resource = referencesIn(folder, integration.body.byName.get('resource_id')?.expr)
    .map((r) => folder.byAddress.get(r.address)!)
    .find((d) => d.type === 'aws_api_gateway_resource');
  const method = referencesIn(folder, integration.body.byName.get('http_method')?.expr)
    .map((r) => folder.byAddress.get(r.address)!)
    .find((d) => d.type === 'aws_api_gateway_method');
  const part = resource && word(folder, resource.block, 'path_part', scope);
  const verb = method
    ? word(folder, method.block, 'http_method', scope)
    : word(folder, integration, 'http_method', scope);
  if (part === undefined) return undefined;
  const at = resource!.block.body.byName.get('path_part')!;
  return {
    api: 'rest',
    method: verb,
    path: `/${part}`,
    defaultRoute: false,
    span: attributeSpan(folder.text, at),
  };
}
