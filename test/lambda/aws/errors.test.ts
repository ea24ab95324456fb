/**
 * The error mapping, with errors built the way the SDK builds them: each AWS failure becomes an
 * AwsActionError in words, with the next step, and never with a credential in it.
 */
import {
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { type ActionContext, AwsActionError, redactSecrets, toAwsActionError } from '../../../src/lambda/aws';

const metadata = { httpStatusCode: 400, requestId: 'req-1', attempts: 1 };
const invoke: ActionContext = {
  action: 'lambda:InvokeFunction',
  target: { region: 'eu-west-1', profile: 'dev' },
  functionName: 'orders',
};

function sdkError(name: string, message: string, status = 400, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { ...metadata, httpStatusCode: status },
    ...extra,
  });
}

describe('toAwsActionError', () => {
  it('says a missing function does not exist in the region, and how to go on', () => {
    const error = new ResourceNotFoundException({
      message: 'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:orders',
      $metadata: { ...metadata, httpStatusCode: 404 },
    });
    const mapped = toAwsActionError(error, invoke);
    expect(mapped).toBeInstanceOf(AwsActionError);
    expect(mapped.code).toBe('ResourceNotFoundException');
    expect(mapped.message).toBe('The function orders does not exist in eu-west-1 (profile dev).');
    expect(mapped.nextStep).toContain('Check the region and profile');
    expect(mapped.nextStep).toContain('ownless deploy orders');
    expect(mapped.requestId).toBe('req-1');
    expect(mapped.action).toBe('lambda:InvokeFunction');
  });

  it('names the endpoint when there is one', () => {
    const error = new ResourceNotFoundException({ message: 'x', $metadata: metadata });
    const mapped = toAwsActionError(error, {
      ...invoke,
      target: { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:4566' },
    });
    expect(mapped.message).toContain('http://127.0.0.1:4566 (region us-east-1)');
  });

  it('says a missing log group has not been written yet', () => {
    const error = sdkError('ResourceNotFoundException', 'The specified log group does not exist.');
    const mapped = toAwsActionError(error, {
      action: 'logs:FilterLogEvents',
      target: { region: 'eu-west-1' },
      logGroupName: '/aws/lambda/orders',
    });
    expect(mapped.message).toContain('/aws/lambda/orders does not exist in eu-west-1');
    expect(mapped.nextStep).toContain('Invoke the function once');
  });

  it.each(['ExpiredToken', 'ExpiredTokenException'])('says %s means expired credentials', (name) => {
    const mapped = toAwsActionError(
      sdkError(name, 'The security token included in the request is expired', 403),
      invoke,
    );
    expect(mapped.message).toBe('Your AWS credentials have expired (profile dev).');
    expect(mapped.nextStep).toContain('aws sso login --profile dev');
  });

  it.each(['UnrecognizedClientException', 'InvalidSignatureException'])('says %s means bad keys', (name) => {
    const mapped = toAwsActionError(
      sdkError(name, 'The security token included in the request is invalid.', 403),
      {
        ...invoke,
        target: { region: 'eu-west-1' },
      },
    );
    expect(mapped.code).toBe(name);
    expect(mapped.message).toContain('did not accept the credentials');
    expect(mapped.nextStep).toContain('AWS_ACCESS_KEY_ID');
  });

  it('names the denied action and resource, from AWS message', () => {
    const message =
      'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/fn because no identity-based policy allows the iam:PassRole action';
    const mapped = toAwsActionError(sdkError('AccessDeniedException', message, 403), {
      ...invoke,
      action: 'lambda:CreateFunction',
    });
    expect(mapped.message).toBe(
      'Access denied: your identity may not perform iam:PassRole on arn:aws:iam::123456789012:role/fn in eu-west-1 (profile dev).',
    );
    expect(mapped.nextStep).toContain('Ask for the iam:PassRole permission');
  });

  it('names our action when AWS names none', () => {
    const mapped = toAwsActionError(sdkError('AccessDeniedException', 'Access denied', 403), invoke);
    expect(mapped.message).toContain('may not perform lambda:InvokeFunction on function orders');
  });

  it('says throttling is retried already, with the reason', () => {
    const error = new TooManyRequestsException({
      message: 'Rate Exceeded.',
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      $metadata: { ...metadata, httpStatusCode: 429, attempts: 3 },
    });
    const mapped = toAwsActionError(error, invoke);
    expect(mapped.message).toBe(
      'AWS is throttling lambda:InvokeFunction (ReservedFunctionConcurrentInvocationLimitExceeded); the request failed after 3 attempts.',
    );
    expect(mapped.nextStep).toContain('reserved concurrency');
    expect(toAwsActionError(sdkError('ThrottlingException', 'Rate exceeded'), invoke).nextStep).toContain(
      'Try again in a moment',
    );
  });

  it('says where no credentials were found and how to configure them', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const none = toAwsActionError(error, { ...invoke, target: { region: 'eu-west-1' } });
    expect(none.code).toBe('NoCredentials');
    expect(none.message).toBe('No AWS credentials found.');
    expect(none.nextStep).toContain('aws configure');
    expect(none.nextStep).toContain('aws sso login');
    const missingProfile = toAwsActionError(
      Object.assign(new Error('Profile dev could not be found or parsed in shared credentials file.'), {
        name: 'CredentialsProviderError',
      }),
      invoke,
    );
    expect(missingProfile.message).toContain('The AWS profile dev is not configured');
    expect(missingProfile.nextStep).toContain('aws configure --profile dev');
  });

  it('says an SSO session expired and to log in again', () => {
    const error = Object.assign(
      new Error(
        'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
      ),
      { name: 'CredentialsProviderError' },
    );
    const mapped = toAwsActionError(error, invoke);
    expect(mapped.code).toBe('SsoTokenExpired');
    expect(mapped.nextStep).toBe('Run `aws sso login --profile dev`, then try again.');
    expect(toAwsActionError(Object.assign(new Error('x'), { name: 'TokenProviderError' }), invoke).code).toBe(
      'SsoTokenExpired',
    );
  });

  it('says an endpoint cannot be reached, including inside an AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const aggregate = Object.assign(new AggregateError([refused, refused], ''), { code: 'ECONNREFUSED' });
    const target = { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:1' };
    const mapped = toAwsActionError(aggregate, { ...invoke, target });
    expect(mapped.code).toBe('Network');
    expect(mapped.message).toBe('Cannot reach http://127.0.0.1:1: the connection was refused.');
    expect(mapped.nextStep).toContain('is running');
    const dns = toAwsActionError(
      Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }),
      invoke,
    );
    expect(dns.message).toBe(
      'Cannot reach the Lambda endpoint of eu-west-1: the host name does not resolve.',
    );
    expect(dns.nextStep).toContain('network');
  });

  it('maps conflicts, stale plans, unusable roles and server errors', () => {
    expect(
      toAwsActionError(sdkError('ResourceConflictException', 'An update is in progress'), invoke).nextStep,
    ).toContain('Wait until');
    expect(toAwsActionError(sdkError('PreconditionFailedException', 'revision'), invoke).nextStep).toContain(
      'deploy again',
    );
    const role = toAwsActionError(
      sdkError(
        'InvalidParameterValueException',
        'The role defined for the function cannot be assumed by Lambda.',
      ),
      invoke,
    );
    expect(role.nextStep).toContain('trust policy');
    const server = new ServiceException({ message: 'boom', $metadata: { ...metadata, httpStatusCode: 500 } });
    expect(toAwsActionError(server, invoke).message).toContain('internal error');
  });

  it('reads a 403 that is not JSON (an emulator refusing the keys) as credentials or permissions', () => {
    const error = Object.assign(new SyntaxError("Unexpected token '<'\n  Deserialization error: …"), {
      $metadata: { httpStatusCode: 403 },
    });
    const mapped = toAwsActionError(error, invoke);
    expect(mapped.code).toBe('Forbidden');
    expect(mapped.message).toContain('credentials were not accepted');
  });

  it('says a cancelled action was cancelled, and passes its own errors through', () => {
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(toAwsActionError(abort, invoke).code).toBe('Cancelled');
    const own = new AwsActionError('m', 'n', { code: 'X' });
    expect(toAwsActionError(own, invoke)).toBe(own);
  });

  it('keeps only a safe first line of unknown errors', () => {
    const mapped = toAwsActionError(
      sdkError('SomethingNewException', 'first line with AKIAABCDEFGHIJKLMNOP\nsecond line'),
      invoke,
    );
    expect(mapped.message).toBe('lambda:InvokeFunction failed: first line with [redacted].');
  });
});

describe('redactSecrets', () => {
  it('removes key ids, signatures, tokens, secret values and canonical requests', () => {
    const env = { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const token = 'IQoJb3JpZ2luX2VjE'.padEnd(300, 'A');
    const text =
      `key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY token ${token} ` +
      'Credential=ASIAIOSFODNN7EXAMPLE/20240101/us-east-1/lambda/aws4_request, Signature=abc123 ' +
      'The Canonical String for this request should have been\nPOST\nx-amz-security-token:secret-token';
    const out = redactSecrets(text, env);
    expect(out).not.toMatch(
      /AKIAIOSFODNN7EXAMPLE|ASIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI|IQoJb3|abc123|secret-token/,
    );
    expect(out).toContain('[redacted]');
  });

  it('never lets the secret of the environment into a message', () => {
    const secret = 'ownless-secret-in-the-environment-0123456789';
    const error = sdkError('InvalidSignatureException', `The request signature … ${secret}`, 403);
    const mapped = toAwsActionError(error, { ...invoke, action: 'lambda:Weird' });
    const previous = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = secret;
    try {
      const unknown = toAwsActionError(sdkError('Weird', `oops ${secret}`), invoke);
      expect(unknown.message).not.toContain(secret);
    } finally {
      if (previous === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = previous;
    }
    expect(`${mapped.message} ${mapped.nextStep}`).not.toContain(secret);
  });
});
