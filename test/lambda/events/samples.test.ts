/**
 * Sample events: each kind has the shape of AWS's published example (the fixtures in
 * test/fixtures/events/aws hold that structure with our own values); HTTP events in detail;
 * samplesForFunction. The other kinds in detail: samples-records.test.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type SampleEventKind,
  isSampleEventKind,
  sampleEvent,
  sampleEventKinds,
  sampleEventLabels,
  samplesForFunction,
} from '../../../src/lambda/events';

const AWS_EXAMPLES = join(__dirname, '..', '..', 'fixtures', 'events', 'aws');
const TIME = '2024-05-01T12:00:00.123Z';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
type Json = Record<string, unknown>;
const records = (event: unknown) => (event as { Records: Json[] }).Records;
const obj = (value: unknown) => value as Json;

/** Maps whose keys are data (headers, attributes, items): only their type is compared. */
const FREE_FORM = new Set([
  'headers',
  'multiValueHeaders',
  'pathParameters',
  'queryStringParameters',
  'multiValueQueryStringParameters',
  'messageAttributes',
  'MessageAttributes',
  'detail',
  'Keys',
  'NewImage',
  'OldImage',
]);

/** Compares structure: the same keys in the same order, the same JSON types (null in the example matches any). */
function expectShape(actual: unknown, example: unknown, path: string): void {
  if (example === null) return;
  if (Array.isArray(example)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    if (example.length > 0) expectShape((actual as unknown[])[0], example[0], `${path}[0]`);
    return;
  }
  expect(actual === null ? 'null' : typeof actual, `${path} type`).toBe(typeof example);
  if (typeof example !== 'object') return;
  const key = path.split('.').pop() ?? '';
  if (FREE_FORM.has(key)) return;
  expect(Object.keys(actual as Json), `${path} keys`).toEqual(Object.keys(example as Json));
  for (const [k, v] of Object.entries(example as Json)) expectShape((actual as Json)[k], v, `${path}.${k}`);
}

describe('sampleEventKinds', () => {
  it('lists the ten kinds, each with a label and an AWS example', () => {
    expect([...sampleEventKinds]).toEqual([
      'apigateway-rest',
      'apigateway-http',
      'function-url',
      'sqs',
      'sns',
      's3',
      'eventbridge',
      'schedule',
      'dynamodb',
      'kinesis',
    ]);
    for (const kind of sampleEventKinds) expect(sampleEventLabels[kind]).toBeTruthy();
    expect(isSampleEventKind('sqs')).toBe(true);
    expect(isSampleEventKind('carrier-pigeon')).toBe(false);
    expect(() => sampleEvent('carrier-pigeon' as SampleEventKind)).toThrow(/unknown sample event kind/);
  });

  /** Parameters giving the same kind of request as the AWS example (a GET with a path parameter, a POST with a query). */
  const LIKE_THE_EXAMPLE: Partial<Record<SampleEventKind, object>> = {
    'apigateway-rest': { path: '/items/{id}', method: 'GET' },
    'apigateway-http': { path: '/items', method: 'POST', query: { a: '1' } },
  };

  it.each(sampleEventKinds)('%s: valid JSON with the structure of the AWS example', (kind) => {
    const event = sampleEvent(kind, { time: TIME, ...LIKE_THE_EXAMPLE[kind] });
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
    const example = JSON.parse(readFileSync(join(AWS_EXAMPLES, `${kind}.json`), 'utf8'));
    expectShape(event, example, kind);
  });

  it('is stable for the same parameters, apart from the time', () => {
    for (const kind of sampleEventKinds) {
      expect(sampleEvent(kind, { time: TIME })).toEqual(sampleEvent(kind, { time: TIME }));
    }
    const a = records(sampleEvent('sqs', { time: TIME, queue: 'a' }))[0];
    const b = records(sampleEvent('sqs', { time: TIME, queue: 'b' }))[0];
    expect(a.messageId).not.toBe(b.messageId);
  });

  it('defaults to us-east-1 and account 123456789012, and takes both as parameters', () => {
    const sqs = records(sampleEvent('sqs'))[0];
    expect(sqs.awsRegion).toBe('us-east-1');
    expect(sqs.eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:my-queue');
    const eu = records(
      sampleEvent('sqs', { region: 'eu-west-1', account: '111122223333', queue: 'jobs' }),
    )[0];
    expect(eu.eventSourceARN).toBe('arn:aws:sqs:eu-west-1:111122223333:jobs');
    expect(eu.awsRegion).toBe('eu-west-1');
    const eb = obj(sampleEvent('eventbridge', { region: 'ap-southeast-2', account: '111122223333' }));
    expect([eb.region, eb.account]).toEqual(['ap-southeast-2', '111122223333']);
  });
});

describe('HTTP events', () => {
  it('REST API proxy (1.0): the declared resource, the path with sample values, the stage in the context path', () => {
    const event = obj(
      sampleEvent('apigateway-rest', { path: '/orders/{orderId}', method: 'put', time: TIME }),
    );
    expect(event.resource).toBe('/orders/{orderId}');
    expect(event.path).toBe('/orders/123');
    expect(event.httpMethod).toBe('PUT');
    expect(event.pathParameters).toEqual({ orderId: '123' });
    const context = obj(event.requestContext);
    expect(context.stage).toBe('Prod');
    expect(context.path).toBe('/Prod/orders/123');
    expect(context.requestTime).toBe('01/May/2024:12:00:00 +0000');
    expect(context.requestTimeEpoch).toBe(Date.parse(TIME));
    expect(context.requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(obj(context.identity).sourceIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(JSON.parse(event.body as string)).toEqual({ message: 'Hello from Lambda!' });
    expect(event.isBase64Encoded).toBe(false);
    for (const [name, value] of Object.entries(obj(event.headers)))
      expect(obj(event.multiValueHeaders)[name]).toEqual([value]);
  });

  it('REST API: GET has a null body and null query; ANY is sent as GET; greedy paths and queries', () => {
    const get = obj(
      sampleEvent('apigateway-rest', { path: '/{proxy+}', method: 'ANY', query: { q: 'shoes' } }),
    );
    expect(get.httpMethod).toBe('GET');
    expect(get.body).toBeNull();
    expect(get.path).toBe('/hello/world');
    expect(get.pathParameters).toEqual({ proxy: 'hello/world' });
    expect(get.queryStringParameters).toEqual({ q: 'shoes' });
    expect(get.multiValueQueryStringParameters).toEqual({ q: ['shoes'] });
    const plain = obj(sampleEvent('apigateway-rest', { path: '/health' }));
    expect([plain.queryStringParameters, plain.pathParameters, plain.body]).toEqual([null, null, null]);
  });

  it('HTTP API (2.0): POST /orders gives rawPath /orders, method POST, the route key, a body', () => {
    const event = obj(
      sampleEvent('apigateway-http', { path: '/orders', method: 'POST', payload: { sku: 'A1' } }),
    );
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /orders');
    expect(event.rawPath).toBe('/orders');
    expect(event.rawQueryString).toBe('');
    const http = obj(obj(event.requestContext).http);
    expect(http).toMatchObject({ method: 'POST', path: '/orders', protocol: 'HTTP/1.1' });
    expect(event.body).toBe('{"sku":"A1"}');
    const headers = obj(event.headers);
    expect(headers['content-length']).toBe(String(Buffer.byteLength('{"sku":"A1"}')));
    for (const name of Object.keys(headers)) expect(name).toBe(name.toLowerCase());
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(Array.isArray(event.cookies)).toBe(true);
  });

  it('HTTP API: query string, path parameters, named stages in rawPath, $default route, no cookies', () => {
    const event = obj(
      sampleEvent('apigateway-http', {
        path: '/users/{id}',
        method: 'GET',
        query: { a: '1', b: 'x y' },
        stage: 'dev',
        cookies: [],
      }),
    );
    expect(event.rawQueryString).toBe('a=1&b=x+y');
    expect(event.queryStringParameters).toEqual({ a: '1', b: 'x y' });
    expect(event.pathParameters).toEqual({ id: '123' });
    expect(event.rawPath).toBe('/dev/users/123');
    expect(obj(event.requestContext).stage).toBe('dev');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('body');
    const catchAll = obj(sampleEvent('apigateway-http', {}));
    expect(catchAll.routeKey).toBe('$default');
    expect(obj(catchAll.requestContext).routeKey).toBe('$default');
  });

  it('HTTP API with payload format 1.0 has the REST shape and version 1.0', () => {
    const event = obj(
      sampleEvent('apigateway-http', { path: '/a', method: 'GET', payloadFormatVersion: '1.0' }),
    );
    expect(event.version).toBe('1.0');
    expect(event.httpMethod).toBe('GET');
    expect(event).toHaveProperty('multiValueHeaders');
    expect(obj(event.requestContext).routeKey).toBe('GET /a');
  });

  it('function URL: $default route, lambda-url domain, anonymous unless IAM-signed', () => {
    const event = obj(sampleEvent('function-url', {}));
    const context = obj(event.requestContext);
    expect(event.routeKey).toBe('$default');
    expect(event.rawPath).toBe('/');
    expect(context.domainName).toMatch(/^[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws$/);
    expect(context.domainPrefix).toBe(context.apiId);
    expect(context.accountId).toBe('anonymous');
    expect(context).not.toHaveProperty('authorizer');
    const iam = obj(
      obj(sampleEvent('function-url', { authType: 'AWS_IAM', account: '111122223333' })).requestContext,
    );
    expect(iam.accountId).toBe('111122223333');
    expect(obj(obj(iam.authorizer).iam)).toMatchObject({ accountId: '111122223333', cognitoIdentity: null });
  });
});

describe('samplesForFunction', () => {
  it('builds one labelled sample per source, with defaults the sources do not override', () => {
    const samples = samplesForFunction(
      [
        {
          kind: 'apigateway-http',
          name: 'PostOrder',
          summary: 'POST /orders',
          params: { path: '/orders', method: 'POST' },
          placeholders: [],
        },
        { kind: 'sqs', name: 'Work', summary: 'queue jobs', params: { queue: 'jobs' }, placeholders: [] },
      ],
      { region: 'eu-west-1', time: TIME },
    );
    expect(samples.map((s) => s.label)).toEqual([
      'PostOrder: API Gateway HTTP API (payload 2.0) — POST /orders',
      'Work: SQS message — queue jobs',
    ]);
    expect(obj(samples[0].event).rawPath).toBe('/orders');
    expect(records(samples[1].event)[0].awsRegion).toBe('eu-west-1');
    expect(JSON.parse(samples[1].text)).toEqual(samples[1].event);
    expect(samplesForFunction([])).toEqual([]);
  });

  it('takes hand-written sources ({ kind, name, params }) and passes placeholders on', () => {
    const [sample] = samplesForFunction([{ kind: 'schedule', name: 'Tick', params: { ruleName: 'tick' } }]);
    expect(sample.label).toBe('Tick: EventBridge scheduled event');
    expect(sample.placeholders).toEqual([]);
    const [marked] = samplesForFunction([{ kind: 'sqs', name: 'Q', params: {}, placeholders: ['queue'] }]);
    expect(marked.placeholders).toEqual(['queue']);
  });

  it('the fixtures are consistent with themselves (md5 of the example body)', () => {
    const sqs = JSON.parse(readFileSync(join(AWS_EXAMPLES, 'sqs.json'), 'utf8'));
    expect(sqs.Records[0].md5OfBody).toBe(md5(sqs.Records[0].body));
  });
});
