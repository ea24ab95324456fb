/**
 * HTTP events: API Gateway REST API proxy integration (payload format 1.0), HTTP API (payload 2.0, or
 * 1.0 when the integration asks for it) and Lambda function URLs (the 2.0 shape).
 */
import { type Base, baseOf, payloadText } from './base';
import { clfTime } from './ids';
import type { SampleParams } from './types';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

interface Request {
  base: Base;
  method: string;
  /** The route as declared (`/orders/{id}`). */
  resource: string;
  /** The path requested (`/orders/123`). */
  path: string;
  pathParameters: Record<string, string> | null;
  query: Record<string, string> | null;
  rawQueryString: string;
  body: string | null;
  sourceIp: string;
  traceId: string;
}

/** A sample value for a path parameter: numbers for ids, a path for greedy ones. */
function sampleSegment(name: string, greedy: boolean): string {
  if (greedy) return 'hello/world';
  return /id$/i.test(name) ? '123' : 'example';
}

function requestOf(kind: 'apigateway-rest' | 'apigateway-http' | 'function-url', p: SampleParams): Request {
  const base = baseOf(kind, p);
  const declared = (p.method ?? 'GET').toUpperCase();
  const method =
    declared === 'ANY' || declared === '*' || declared === 'X-AMAZON-APIGATEWAY-ANY-METHOD'
      ? 'GET'
      : declared;
  const resource = p.path && p.path.startsWith('/') ? p.path : `/${p.path ?? ''}`;
  const pathParameters: Record<string, string> = {};
  const path = resource.replace(/\{([^}+]+)(\+?)\}/g, (_, name: string, plus: string) => {
    const value = sampleSegment(name, plus === '+');
    pathParameters[name] = value;
    return value;
  });
  const query = p.query && Object.keys(p.query).length > 0 ? p.query : null;
  const rawQueryString = query ? new URLSearchParams(query).toString() : '';
  const withBody = p.payload !== undefined || ['POST', 'PUT', 'PATCH'].includes(method);
  const body = withBody ? payloadText(p.payload, { message: 'Hello from Lambda!' }) : null;
  const epochHex = Math.floor(base.time.getTime() / 1000).toString(16);
  return {
    base,
    method,
    resource,
    path,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    query,
    rawQueryString,
    body,
    sourceIp: base.ids.ip(),
    traceId: `Root=1-${epochHex}-${base.ids.hex(24)}`,
  };
}

/** API Gateway REST API, Lambda proxy integration: payload format 1.0. */
export function restApiEvent(p: SampleParams, httpApiV1 = false): Record<string, unknown> {
  const r = requestOf(httpApiV1 ? 'apigateway-http' : 'apigateway-rest', p);
  const { ids, region, account, time } = r.base;
  const apiId = ids.chars(10, LOWER_ALNUM);
  const stage = p.stage ?? (httpApiV1 ? '$default' : 'Prod');
  const host = `${apiId}.execute-api.${region}.amazonaws.com`;
  const headers: Record<string, string> = {
    Accept: 'application/json, text/plain, */*',
    'Accept-Encoding': 'gzip, deflate, br',
    ...(r.body !== null ? { 'Content-Type': 'application/json' } : {}),
    'CloudFront-Forwarded-Proto': 'https',
    'CloudFront-Is-Desktop-Viewer': 'true',
    'CloudFront-Is-Mobile-Viewer': 'false',
    'CloudFront-Is-SmartTV-Viewer': 'false',
    'CloudFront-Is-Tablet-Viewer': 'false',
    'CloudFront-Viewer-Country': 'US',
    Host: host,
    'User-Agent': USER_AGENT,
    Via: `2.0 ${ids.hex(32)}.cloudfront.net (CloudFront)`,
    'X-Amz-Cf-Id': `${ids.chars(54, ID_CHARS)}==`,
    'X-Amzn-Trace-Id': r.traceId,
    'X-Forwarded-For': `${r.sourceIp}, 130.176.${ids.int(0, 255)}.${ids.int(1, 254)}`,
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
  const requestId = ids.uuid();
  const event: Record<string, unknown> = {
    ...(httpApiV1 ? { version: '1.0' } : {}),
    resource: r.resource,
    path: r.path,
    httpMethod: r.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: r.query,
    multiValueQueryStringParameters: r.query
      ? Object.fromEntries(Object.entries(r.query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: r.pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: ids.chars(6, LOWER_ALNUM),
      resourcePath: r.resource,
      httpMethod: r.method,
      extendedRequestId: `${ids.chars(15, ID_CHARS)}=`,
      requestTime: clfTime(time),
      path: stage === '$default' ? r.path : `/${stage}${r.path}`,
      accountId: account,
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: apiId,
      requestTimeEpoch: time.getTime(),
      requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: r.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: USER_AGENT,
        user: null,
      },
      domainName: host,
      deploymentId: ids.chars(6, LOWER_ALNUM),
      apiId,
      ...(httpApiV1 ? { routeKey: `${(p.method ?? 'GET').toUpperCase()} ${r.resource}` } : {}),
    },
    body: r.body,
    isBase64Encoded: false,
  };
  return event;
}

/** The parts payload 2.0 shares between HTTP APIs and function URLs. */
function v2Event(
  r: Request,
  p: SampleParams,
  routeKey: string,
  rawPath: string,
  host: string,
  context: Record<string, unknown>,
  extraHeaders: Record<string, string> = {},
): Record<string, unknown> {
  const { ids, time } = r.base;
  const cookies = p.cookies ?? [`session=${ids.hex(32)}`];
  const headers: Record<string, string> = {
    accept: 'application/json, text/plain, */*',
    'accept-encoding': 'gzip, deflate, br',
    ...(r.body !== null
      ? { 'content-length': String(Buffer.byteLength(r.body)), 'content-type': 'application/json' }
      : {}),
    host,
    'user-agent': USER_AGENT,
    ...extraHeaders,
    'x-amzn-trace-id': r.traceId,
    'x-forwarded-for': r.sourceIp,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: r.rawQueryString,
  };
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = headers;
  if (r.query) event.queryStringParameters = r.query;
  const { requestId, stage, ...identity } = context;
  event.requestContext = {
    ...identity,
    http: {
      method: r.method,
      path: rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: r.sourceIp,
      userAgent: USER_AGENT,
    },
    requestId,
    routeKey,
    stage,
    time: clfTime(time),
    timeEpoch: time.getTime(),
  };
  if (r.pathParameters && routeKey !== '$default') event.pathParameters = r.pathParameters;
  if (r.body !== null) event.body = r.body;
  event.isBase64Encoded = false;
  return event;
}

/** API Gateway HTTP API: payload format 2.0 (or 1.0 when `payloadFormatVersion` says so). */
export function httpApiEvent(p: SampleParams): Record<string, unknown> {
  if (p.payloadFormatVersion === '1.0') return restApiEvent(p, true);
  const r = requestOf('apigateway-http', p);
  const { ids, region, account } = r.base;
  const apiId = ids.chars(10, LOWER_ALNUM);
  const stage = p.stage ?? '$default';
  const declared = (p.method ?? '').toUpperCase();
  const routeKey =
    p.path === undefined && p.method === undefined ? '$default' : `${declared || 'ANY'} ${r.resource}`;
  // With a named stage, the stage is part of the path HTTP APIs pass on.
  const rawPath = stage === '$default' ? r.path : `/${stage}${r.path}`;
  const host = `${apiId}.execute-api.${region}.amazonaws.com`;
  return v2Event(r, p, routeKey, rawPath, host, {
    accountId: account,
    apiId,
    domainName: host,
    domainPrefix: apiId,
    requestId: `${ids.chars(15, ID_CHARS)}=`,
    stage,
  });
}

/** A Lambda function URL request (payload 2.0; `accountId` is `anonymous` unless the caller signs with IAM). */
export function functionUrlEvent(p: SampleParams): Record<string, unknown> {
  const r = requestOf('function-url', { ...p, path: p.path ?? '/' });
  const { ids, region, account } = r.base;
  const urlId = ids.chars(32, LOWER_ALNUM);
  const host = `${urlId}.lambda-url.${region}.on.aws`;
  const iam = p.authType === 'AWS_IAM';
  const callerId = `AIDA${ids.chars(17)}`;
  const context: Record<string, unknown> = {
    accountId: iam ? account : 'anonymous',
    apiId: urlId,
  };
  if (iam) {
    context.authorizer = {
      iam: {
        accessKey: `AKIA${ids.chars(16)}`,
        accountId: account,
        callerId,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: `arn:${r.base.partition}:iam::${account}:user/example-user`,
        userId: callerId,
      },
    };
  }
  Object.assign(context, { domainName: host, domainPrefix: urlId, requestId: ids.uuid(), stage: '$default' });
  return v2Event(r, p, '$default', r.path, host, context, {
    'x-amzn-tls-cipher-suite': 'TLS_AES_128_GCM_SHA256',
    'x-amzn-tls-version': 'TLSv1.3',
  });
}
