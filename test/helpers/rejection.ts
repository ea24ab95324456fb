/** The error an AWS action was rejected with; a promise that resolves fails the test. */
import type { AwsActionError } from '../../src/lambda/aws';

export async function rejection(promise: Promise<unknown>): Promise<AwsActionError> {
  try {
    await promise;
  } catch (error) {
    return error as AwsActionError;
  }
  throw new Error('resolved');
}
