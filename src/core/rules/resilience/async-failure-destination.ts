/** resilience/async-failure-destination: async invocations with nowhere for failures to go. */
import { type Node, asSeq, deref, get } from '../../parse/ast';
import type { LambdaFunction, TemplateModel } from '../../formats/cloudformation/types';
import { referencedIds } from '../../formats/cloudformation/values';
import type { Rule } from '../types';
import { hasParseProblem } from '../helpers';

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

function hasOnFailure(fn: LambdaFunction): boolean {
  if (fn.props.has('DeadLetterQueue') || fn.props.has('DeadLetterConfig')) return true;
  const samConfig = fn.props.get('EventInvokeConfig');
  if (samConfig && get(get(samConfig.pair.value, 'DestinationConfig'), 'OnFailure')) return true;
  return fn.eventInvokeConfigs.some((config) =>
    get(get(config.properties, 'DestinationConfig'), 'OnFailure'),
  );
}

function asyncSources(fn: LambdaFunction, resourceSources: Map<string, string[]>): string[] {
  const sources = fn.events.filter((e) => ASYNC_EVENTS.has(e.type)).map((e) => `${e.type} event ${e.name}`);
  for (const schedule of fn.schedules) {
    if ('resource' in schedule.source)
      sources.push(`${schedule.source.resource.type} ${schedule.source.resource.id}`);
  }
  return [...sources, ...(resourceSources.get(fn.id) ?? [])];
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
function resourceSources(model: TemplateModel): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  const add = (target: Node | undefined, label: string) => {
    for (const id of referencedIds(target)) sources.set(id, [...(sources.get(id) ?? []), label]);
  };
  for (const resource of model.resources.values()) {
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

export const asyncFailureDestination: Rule = {
  meta: {
    id: 'resilience/async-failure-destination',
    tenet: 'resilience',
    description:
      'Flags functions invoked asynchronously (S3, SNS, EventBridge, schedules) without an on-failure destination or dead-letter queue.',
    why: 'Implicitly fault-tolerant does not mean silent: after two retries Lambda drops an async event that keeps failing, and without a destination nobody knows.',
    alternative:
      'An EventInvokeConfig with DestinationConfig.OnFailure (SQS, SNS, EventBridge, S3) or a DeadLetterQueue, plus an alarm on it.',
    justified: 'Events that are safe to lose (idempotent refreshes that the next event repeats).',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      missing:
        '{{function}} is invoked asynchronously ({{sources}}) with no on-failure destination or DLQ: failed events are dropped after retries.',
    },
  },
  check(context) {
    const fromResources = resourceSources(context.model);
    for (const fn of context.model.functions) {
      if (fn.events.length === 0 && fn.schedules.length === 0 && !fromResources.has(fn.id)) continue;
      const sources = asyncSources(fn, fromResources);
      if (sources.length === 0 || hasOnFailure(fn)) continue;
      if (hasParseProblem(context.model, fn.resource)) continue;
      context.report({
        messageId: 'missing',
        data: {
          function: fn.id,
          sources: sources.slice(0, 3).join(', ') + (sources.length > 3 ? ', …' : ''),
        },
        start: fn.resource.keyNode.start,
        end: fn.resource.keyNode.end,
        functions: [fn.id],
      });
    }
  },
};
