/**
 * What `resources` (plain CloudFormation) links to the functions the framework generates, by their
 * logical ids (`HelloLambdaFunction`, through `Ref`, `Fn::GetAtt` or `Fn::Sub`): event source
 * mappings, scheduled rules and event invoke configs written by hand beside the generated ones.
 */
import { asSeq, deref, emptyScalar, get } from '../../parse/ast';
import type { EventSourceMapping, Schedule } from '../../model/types';
import type { TemplateSemantics } from '../cloudformation/semantic';
import type { EventSourceMapping as TemplateMapping, Resource } from '../cloudformation/types';
import { MappingView, ScheduleView } from '../cloudformation/link-views';
import { asString, referencedIds, resolve } from '../cloudformation/values';

const SOURCE_KINDS: Record<string, TemplateMapping['kind']> = {
  'AWS::SQS::Queue': 'sqs',
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
  'AWS::MSK::Cluster': 'kafka',
  'AWS::AmazonMQ::Broker': 'mq',
};

/** What `resources` links to one generated function. */
export interface ResourceLinks {
  mappings: EventSourceMapping[];
  schedules: Schedule[];
  /** True when an EventInvokeConfig of `resources` sends its failed asynchronous invocations somewhere. */
  onFailure: boolean;
}

const NO_LINKS: ResourceLinks = Object.freeze({
  mappings: [],
  schedules: [],
  onFailure: false,
}) as ResourceLinks;

function mappingOf(resources: TemplateSemantics, resource: Resource): TemplateMapping {
  const props = resource.properties;
  const template = resources.template;
  const source = [...referencedIds(get(props, 'EventSourceArn'))]
    .map((id) => template.resources.get(id))
    .find((r) => r !== undefined);
  const arn = asString(resolve(get(props, 'EventSourceArn') ?? emptyScalar(), template.parameters)) ?? '';
  const service = /^arn:aws[-a-z]*:(sqs|kinesis|dynamodb):/.exec(arn)?.[1] as
    TemplateMapping['kind'] | undefined;
  const kind = source ? (SOURCE_KINDS[source.type] ?? 'other') : (service ?? 'other');
  return {
    resource,
    event: null,
    properties: props,
    kind,
    queue: source?.type === 'AWS::SQS::Queue' ? source : null,
  };
}

/** Links of `resources` to each of the given logical ids (read once per model). */
export function readResourceLinks(
  resources: TemplateSemantics | null,
  logicalIds: ReadonlySet<string>,
): (logicalId: string) => ResourceLinks {
  if (!resources) return () => NO_LINKS;
  const links = new Map<string, ResourceLinks>();
  const of = (id: string) => {
    let found = links.get(id);
    if (!found) links.set(id, (found = { mappings: [], schedules: [], onFailure: false }));
    return found;
  };
  const targets = (node: Parameters<typeof referencedIds>[0]) =>
    [...referencedIds(node)].filter((id) => logicalIds.has(id));
  for (const resource of resources.template.resources.values()) {
    const props = resource.properties;
    if (resource.type === 'AWS::Lambda::EventSourceMapping') {
      for (const id of targets(get(props, 'FunctionName')))
        of(id).mappings.push(new MappingView(mappingOf(resources, resource), resources));
    } else if (resource.type === 'AWS::Events::Rule' || resource.type === 'AWS::Scheduler::Schedule') {
      const expression = get(props, 'ScheduleExpression');
      if (!expression) continue;
      const list =
        resource.type === 'AWS::Events::Rule'
          ? (asSeq(get(props, 'Targets'))?.items ?? [])
          : [get(props, 'Target')];
      for (const target of list)
        for (const id of targets(get(target, 'Arn')))
          of(id).schedules.push(
            new ScheduleView(
              { expression, input: get(target, 'Input') ?? null, source: { resource } },
              resources,
            ),
          );
    } else if (resource.type === 'AWS::Lambda::EventInvokeConfig') {
      if (!deref(get(get(props, 'DestinationConfig'), 'OnFailure'))) continue;
      for (const id of targets(get(props, 'FunctionName'))) of(id).onFailure = true;
    }
  }
  return (id) => links.get(id) ?? NO_LINKS;
}
