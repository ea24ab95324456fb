/**
 * Event sources declared as CloudFormation resources: the model's event source mappings, schedules and
 * function URLs, then the resources that name the function: API Gateway methods and HTTP API routes,
 * SNS subscriptions, bucket notifications and EventBridge rules with a pattern.
 */
import type { Node } from '../../core/parse/ast';
import { asSeq, get } from '../../core/parse/ast';
import type { Resource } from '../../core/formats/cloudformation/types';
import { referencedIds } from '../../core/formats/cloudformation/values';
import { type Describer, keyForFilter } from './describer';
import { s3EventName } from './messages';
import type { SampleParams } from './types';

export function describeLinkedResources(d: Describer): void {
  const { fn, values } = d;
  for (const mapping of fn.eventSourceMappings) {
    if (!mapping.resource) continue; // SAM events are described from fn.events
    const arn = get(mapping.properties, 'EventSourceArn');
    if (mapping.kind === 'sqs') d.sqs(mapping.resource.id, arn);
    else if (mapping.kind === 'kinesis') d.kinesis(mapping.resource.id, arn);
    else if (mapping.kind === 'dynamodb') d.dynamodb(mapping.resource.id, arn);
  }
  for (const schedule of fn.schedules) {
    if (!('resource' in schedule.source)) continue;
    const resource = schedule.source.resource;
    const scheduler = resource.type === 'AWS::Scheduler::Schedule';
    const name = values.physicalName(resource);
    const params: SampleParams = { ruleName: name.value };
    if (scheduler) {
      params.scheduler = true;
      const group = values.literal(get(resource.properties, 'GroupName'));
      if (group) params.scheduleGroup = group;
    }
    const input = values.literal(schedule.input);
    if (input !== undefined) params.input = input;
    d.add(
      'schedule',
      resource.id,
      values.literal(schedule.expression) ?? '',
      params,
      name.placeholder ? ['ruleName'] : [],
    );
  }
  for (const url of fn.urls) {
    const auth = values.literal(get(url.properties, 'AuthType'));
    d.add('function-url', url.id, `auth ${auth ?? 'NONE'}`, {
      authType: auth === 'AWS_IAM' ? 'AWS_IAM' : 'NONE',
    });
  }
  const names = functionNames(d);
  const namesFn = (node: Node | null | undefined): boolean => {
    if (!node) return false;
    if (referencedIds(node).has(fn.id)) return true;
    const text = values.literal(node);
    return text !== undefined && names.some((n) => text === n || text.includes(`:function:${n}`));
  };
  for (const resource of values.model.resources.values()) linked(d, resource, namesFn);
}

/** The function's literal name, to match ARNs written out in full. */
function functionNames(d: Describer): string[] {
  const name = d.values.literal(d.fn.props.get('FunctionName')?.pair.value);
  return name ? [name] : [];
}

function linked(d: Describer, resource: Resource, namesFn: (node: Node | null | undefined) => boolean): void {
  const { values } = d;
  const props = resource.properties;
  switch (resource.type) {
    case 'AWS::Events::Rule': {
      const pattern = get(props, 'EventPattern');
      if (!pattern) return;
      const target = asSeq(get(props, 'Targets'))?.items.find((t) => namesFn(get(t, 'Arn')));
      if (target) d.eventRule(resource.id, pattern, target);
      return;
    }
    case 'AWS::SNS::Subscription':
      if (values.literal(get(props, 'Protocol')) === 'lambda' && namesFn(get(props, 'Endpoint')))
        sns(d, resource.id, get(props, 'TopicArn'));
      return;
    case 'AWS::SNS::Topic':
      for (const sub of asSeq(get(props, 'Subscription'))?.items ?? []) {
        if (values.literal(get(sub, 'Protocol')) === 'lambda' && namesFn(get(sub, 'Endpoint'))) {
          const name = values.physicalName(resource);
          d.add(
            'sns',
            resource.id,
            `topic ${name.value}`,
            { topic: name.value },
            name.placeholder ? ['topic'] : [],
          );
        }
      }
      return;
    case 'AWS::S3::Bucket':
      for (const config of asSeq(get(get(props, 'NotificationConfiguration'), 'LambdaConfigurations'))
        ?.items ?? []) {
        if (!namesFn(get(config, 'Function'))) continue;
        const name = values.physicalName(resource);
        const params: SampleParams = { bucket: name.value };
        const event = values.literal(get(config, 'Event'));
        if (event) params.eventName = s3EventName(event);
        const key = keyForFilter(values.json(get(config, 'Filter')));
        if (key) params.key = key;
        d.add(
          's3',
          resource.id,
          `${params.eventName ?? 'ObjectCreated:Put'} in ${name.value}`,
          params,
          name.placeholder ? ['bucket'] : [],
        );
      }
      return;
    case 'AWS::ApiGateway::Method':
      if (namesFn(get(get(props, 'Integration'), 'Uri'))) restMethod(d, resource);
      return;
    case 'AWS::ApiGatewayV2::Integration':
      if (namesFn(get(props, 'IntegrationUri'))) httpRoutes(d, resource);
      return;
    case 'AWS::ApiGatewayV2::Api':
      // Quick create: an HTTP API whose Target is the function has one `$default` route.
      if (namesFn(get(props, 'Target'))) d.add('apigateway-http', resource.id, '$default', {});
      return;
  }
}

function sns(d: Describer, name: string, topicNode: Node | undefined): void {
  const params: SampleParams = {};
  const placeholders: (keyof SampleParams)[] = [];
  const topic = d.values.source(topicNode, ['AWS::SNS::Topic']);
  d.set(params, placeholders, 'topic', topic);
  d.add('sns', name, `topic ${topic.value ?? '(deploy-time)'}`, params, placeholders);
}

/** The path of an API Gateway resource: its `PathPart`s up to the API's root. */
function restPath(d: Describer, resourceIdNode: Node | undefined, depth = 0): string | undefined {
  const resource = d.values.resourceIn(resourceIdNode, ['AWS::ApiGateway::Resource']);
  if (!resource) return depth === 0 ? '/' : ''; // the root resource (RootResourceId)
  if (depth > 30) return undefined;
  const part = d.values.literal(get(resource.properties, 'PathPart'));
  const parent = restPath(d, get(resource.properties, 'ParentId'), depth + 1);
  if (part === undefined || parent === undefined) return undefined;
  return `${parent}/${part}`;
}

/** A stage of the API a method or route belongs to (a Stage resource, else a Deployment's StageName). */
function stageOf(d: Describer, apiNode: Node | undefined, types: string[]): string | undefined {
  const api = d.values.resourceIn(apiNode);
  if (!api) return undefined;
  for (const resource of d.values.model.resources.values()) {
    if (!types.includes(resource.type)) continue;
    const props = resource.properties;
    if (d.values.resourceIn(get(props, 'RestApiId') ?? get(props, 'ApiId'))?.id !== api.id) continue;
    const stage = d.values.literal(get(props, 'StageName'));
    if (stage) return stage;
  }
  return undefined;
}

function restMethod(d: Describer, method: Resource): void {
  const props = method.properties;
  const path = restPath(d, get(props, 'ResourceId'));
  const verb = d.values.literal(get(props, 'HttpMethod'))?.toUpperCase();
  const params: SampleParams = {};
  const placeholders: (keyof SampleParams)[] = [];
  if (path) params.path = path;
  else placeholders.push('path');
  if (verb) params.method = verb;
  const stage = stageOf(d, get(props, 'RestApiId'), [
    'AWS::ApiGateway::Stage',
    'AWS::ApiGateway::Deployment',
  ]);
  if (stage) params.stage = stage;
  else placeholders.push('stage');
  d.add('apigateway-rest', method.id, `${verb ?? 'ANY'} ${path ?? '/'}`, params, placeholders);
}

function httpRoutes(d: Describer, integration: Resource): void {
  const version = d.values.literal(get(integration.properties, 'PayloadFormatVersion'));
  const stage = stageOf(d, get(integration.properties, 'ApiId'), ['AWS::ApiGatewayV2::Stage']);
  for (const route of d.values.model.resources.values()) {
    if (route.type !== 'AWS::ApiGatewayV2::Route') continue;
    if (!referencedIds(get(route.properties, 'Target')).has(integration.id)) continue;
    const routeKey = d.values.literal(get(route.properties, 'RouteKey'));
    const params: SampleParams = {};
    if (version === '1.0') params.payloadFormatVersion = '1.0';
    if (stage) params.stage = stage;
    const m = routeKey ? /^(\S+)\s+(\/\S*)$/.exec(routeKey) : null;
    if (m) {
      params.method = m[1];
      params.path = m[2];
    }
    d.add('apigateway-http', route.id, routeKey ?? '', params, routeKey === undefined ? ['path'] : []);
  }
}
