/**
 * A function's event sources as the template declares them, described for `samplesForFunction`: its SAM
 * `Events`, the CloudFormation resources that feed it (event source mappings, schedules, function URLs,
 * API Gateway methods and routes, SNS subscriptions, bucket notifications, event rules), with the
 * parameters the template knows literally. Deploy-time values become placeholders, and say so.
 */
import type { Node } from '../../core/parse/ast';
import { asMap, get } from '../../core/parse/ast';
import type { LambdaFunction, SamEvent, TemplateModel } from '../../core/formats/cloudformation/types';
import { describeLinkedResources } from './describe-cfn';
import { Describer, keyForFilter, shortName } from './describer';
import { s3EventName } from './messages';
import { type DescribeOptions, TemplateValues } from './template-values';
import type { EventSourceDescription, SampleParams } from './types';

export type { DescribeOptions };

function samEvent(d: Describer, event: SamEvent): void {
  const { values, fn } = d;
  const props = event.properties;
  const prop = (key: string): Node | undefined => get(props, key);
  switch (event.type) {
    case 'Api':
    case 'HttpApi': {
      const params: SampleParams = {};
      const path = values.literal(prop('Path'));
      const method = values.literal(prop('Method'));
      if (path) params.path = path;
      if (method) params.method = method.toUpperCase();
      const rest = event.type === 'Api';
      const api = values.resourceIn(prop(rest ? 'RestApiId' : 'ApiId'), [
        rest ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi',
      ]);
      const stage = api ? values.literal(get(api.properties, 'StageName')) : undefined;
      params.stage = stage ?? (rest ? 'Prod' : '$default');
      // A named API whose stage is decided at deploy time.
      const placeholders: (keyof SampleParams)[] = api && stage === undefined && rest ? ['stage'] : [];
      if (!rest && values.literal(prop('PayloadFormatVersion')) === '1.0')
        params.payloadFormatVersion = '1.0';
      const summary = rest || path || method ? `${params.method ?? 'ANY'} ${params.path ?? '/'}` : '$default';
      d.add(rest ? 'apigateway-rest' : 'apigateway-http', event.name, summary, params, placeholders);
      return;
    }
    case 'SQS':
      d.sqs(event.name, prop('Queue'));
      return;
    case 'Kinesis':
      d.kinesis(event.name, prop('Stream'));
      return;
    case 'DynamoDB':
      d.dynamodb(event.name, prop('Stream'));
      return;
    case 'SNS': {
      const topic = values.source(prop('Topic'), ['AWS::SNS::Topic']);
      const sqsSubscription = values.json(prop('SqsSubscription'));
      const params: SampleParams = {};
      const placeholders: (keyof SampleParams)[] = [];
      if (sqsSubscription === true || (sqsSubscription && typeof sqsSubscription === 'object')) {
        // SAM puts a queue between the topic and the function: the function reads SQS messages.
        const queueArn = values.literal(get(prop('SqsSubscription'), 'QueueArn'));
        d.set(params, placeholders, 'queue', {
          value: queueArn ?? values.generatedName(`${fn.id}${event.name}Queue`),
          placeholder: queueArn === undefined,
        });
        params.fromTopic = topic.value ?? 'my-topic';
        if (topic.placeholder) placeholders.push('fromTopic');
        d.add(
          'sqs',
          event.name,
          `queue ${shortName(params.queue)} (from topic ${shortName(topic.value)})`,
          params,
          placeholders,
        );
        return;
      }
      d.set(params, placeholders, 'topic', topic);
      d.add('sns', event.name, `topic ${shortName(topic.value)}`, params, placeholders);
      return;
    }
    case 'S3': {
      const params: SampleParams = {};
      const placeholders: (keyof SampleParams)[] = [];
      d.set(params, placeholders, 'bucket', values.source(prop('Bucket'), ['AWS::S3::Bucket']));
      const events = values.json(prop('Events'));
      const first = Array.isArray(events) ? events[0] : events;
      if (typeof first === 'string') params.eventName = s3EventName(first);
      const key = keyForFilter(values.json(prop('Filter')));
      if (key) params.key = key;
      d.add(
        's3',
        event.name,
        `${params.eventName ?? 'ObjectCreated:Put'} in ${shortName(params.bucket)}`,
        params,
        placeholders,
      );
      return;
    }
    case 'EventBridgeRule':
    case 'CloudWatchEvent':
      d.eventRule(event.name, prop('Pattern'), props);
      return;
    case 'Schedule':
    case 'ScheduleV2': {
      const v2 = event.type === 'ScheduleV2';
      const params: SampleParams = {};
      const placeholders: (keyof SampleParams)[] = [];
      const name = values.literal(prop('Name'));
      if (name) params.ruleName = name;
      else if (v2 && values.json(prop('OmitName')) !== true) params.ruleName = `${fn.id}${event.name}`;
      else {
        params.ruleName = values.generatedName(`${fn.id}${event.name}`);
        placeholders.push('ruleName');
      }
      if (v2) {
        params.scheduler = true;
        const group = values.literal(prop('GroupName'));
        if (group) params.scheduleGroup = group;
      }
      const input = values.literal(prop('Input'));
      if (input !== undefined) params.input = input;
      const expression = values.literal(prop(v2 ? 'ScheduleExpression' : 'Schedule'));
      d.add('schedule', event.name, expression ?? '', params, placeholders);
      return;
    }
  }
}

/** Every event source of a function the template declares, in template order (SAM events first). */
export function describeEventSources(
  fn: LambdaFunction,
  model: TemplateModel,
  options: DescribeOptions = {},
): EventSourceDescription[] {
  const values = new TemplateValues(model, options);
  const d = new Describer(values, fn);
  for (const event of fn.events) samEvent(d, event);
  const urlConfig = fn.type === 'AWS::Serverless::Function' ? fn.props.get('FunctionUrlConfig') : undefined;
  if (urlConfig && asMap(urlConfig.pair.value)) {
    const auth = values.literal(get(urlConfig.pair.value, 'AuthType'));
    d.add(
      'function-url',
      'FunctionUrlConfig',
      `auth ${auth ?? 'NONE'}`,
      auth === 'AWS_IAM' ? { authType: 'AWS_IAM' } : { authType: 'NONE' },
    );
  }
  describeLinkedResources(d);
  return d.out;
}
