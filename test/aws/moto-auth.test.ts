/**
 * Credentials AWS does not know, against a moto_server that checks them (INITIAL_NO_AUTH_ACTION_COUNT=0:
 * every request must be signed with keys of one of its IAM users). The message says so in words and
 * never carries the keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, invokeFunction, listFunctions } from '../../src/lambda/aws';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET, useFakeAwsEnvironment } from '../lambda/aws/helpers';
import { type MotoServer, startMoto } from './moto';
import { rejection } from '../helpers/rejection';

let moto: MotoServer;
let environment: ReturnType<typeof useFakeAwsEnvironment>;

beforeAll(async () => {
  environment = useFakeAwsEnvironment();
  moto = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: '0' });
});
afterAll(async () => {
  await moto?.stop();
  environment?.restore();
});

describe('credentials the service does not accept', () => {
  it('are refused in words, with the next step, and without the keys', async () => {
    const clients = createAwsClients({ endpointUrl: moto.endpoint });
    try {
      for (const error of [
        await rejection(listFunctions(clients)),
        await rejection(invokeFunction(clients, 'orders')),
      ]) {
        expect(error.code).toBe('Forbidden');
        expect(error.message).toMatch(/refused lambda:\w+ \(HTTP 403\): the credentials were not accepted/);
        expect(error.nextStep).toContain('aws configure');
        const shown = `${error.message} ${error.nextStep} ${JSON.stringify(error)}`;
        expect(shown).not.toContain(FAKE_ACCESS_KEY_ID);
        expect(shown).not.toContain(FAKE_SECRET);
      }
    } finally {
      clients.destroy();
    }
  });
});
