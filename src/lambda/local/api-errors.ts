/**
 * The Lambda API's errors as AWS sends them: a status, the type in `x-amzn-ErrorType` (which the SDK
 * and botocore read first) and a JSON body with `Type` and `Message`.
 */

/** An error of the Lambda Invoke/List/Get API, thrown by the programmatic API and sent by the HTTP one. */
export class LambdaApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorType: string,
    message: string,
    /** `User` for the caller's mistakes, `Service` for the runtime's own failures. */
    readonly fault: 'User' | 'Service' = statusCode >= 500 ? 'Service' : 'User',
  ) {
    super(message);
    this.name = errorType;
  }

  /** The JSON body AWS sends with this error. */
  body(): string {
    return JSON.stringify({ Type: this.fault, Message: this.message });
  }
}

/** Payload limits of Invoke, in bytes: 6 MB for synchronous calls, 1 MB for asynchronous ones. */
export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
export const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;

/** The longest ClientContext Invoke takes: 3583 bytes of base64 text (the Lambda API reference). */
export const CLIENT_CONTEXT_LIMIT = 3583;

export const clientContextTooLarge = (length: number): LambdaApiError =>
  new LambdaApiError(
    400,
    'InvalidRequestContentException',
    `Client context must be at most ${CLIENT_CONTEXT_LIMIT} bytes of Base64-encoded JSON; this one is ${length} bytes.`,
  );

export const functionNotFound = (arn: string): LambdaApiError =>
  new LambdaApiError(404, 'ResourceNotFoundException', `Function not found: ${arn}`);

export const requestTooLarge = (limit: number): LambdaApiError =>
  new LambdaApiError(
    413,
    'RequestTooLargeException',
    `Request must be smaller than ${limit} bytes for the Invoke operation`,
  );

export const invalidRequestContent = (detail: string): LambdaApiError =>
  new LambdaApiError(
    400,
    'InvalidRequestContentException',
    `Could not parse request body into json: Could not parse payload into json: ${detail}`,
  );

/** AWS's wording for a value outside an enumeration. */
export const notInEnum = (value: string, member: string, allowed: string[]): LambdaApiError =>
  new LambdaApiError(
    400,
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
