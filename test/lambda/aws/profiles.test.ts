/** Profiles from the shared config and credentials files, the region's precedence, and client creation. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AwsActionError,
  awsConfigPaths,
  createAwsClients,
  listProfiles,
  resolveRegion,
} from '../../../src/lambda/aws';
import { parseIni } from '../../../src/lambda/aws/profiles';
import { tempDir } from './helpers';

let dir: string;
let env: NodeJS.ProcessEnv;

const CONFIG = `# a comment
[default]
region = eu-west-1
output = json

[profile dev]
region = eu-central-1
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Dev

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile ci]
role_arn = arn:aws:iam::123456789012:role/ci
source_profile = keys
s3 =
  max_concurrent_requests = 5

[profile tool]
credential_process = /usr/local/bin/creds
region=ap-southeast-2
`;

const CREDENTIALS = `[keys]
aws_access_key_id = AKIAOWNLESSTESTKEY01
aws_secret_access_key = do-not-list-me

[default]
aws_access_key_id = AKIAOWNLESSTESTKEY02
aws_secret_access_key = do-not-list-me-either
`;

const quiet = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;

beforeAll(() => {
  // The SDK's notice about Node.js 20 says nothing about the code under test.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dir = tempDir('ownless-profiles-');
  writeFileSync(join(dir, 'config'), CONFIG);
  writeFileSync(join(dir, 'credentials'), CREDENTIALS);
  env = {
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  };
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (quiet === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = quiet;
});

describe('listProfiles', () => {
  it('lists every profile of both files with its region and kind, default first, and no secret', () => {
    const profiles = listProfiles(env);
    expect(profiles).toEqual([
      { name: 'default', region: 'eu-west-1', kind: 'static', sources: ['config', 'credentials'] },
      { name: 'ci', region: undefined, kind: 'assume-role', sources: ['config'] },
      { name: 'dev', region: 'eu-central-1', kind: 'sso', sources: ['config'] },
      { name: 'keys', region: undefined, kind: 'static', sources: ['credentials'] },
      { name: 'tool', region: 'ap-southeast-2', kind: 'process', sources: ['config'] },
    ]);
    expect(JSON.stringify(profiles)).not.toContain('do-not-list-me');
  });

  it('reads ~/.aws when no variable points elsewhere, and nothing when the files are missing', () => {
    expect(awsConfigPaths({ HOME: '/home/someone' })).toEqual({
      config: '/home/someone/.aws/config',
      credentials: '/home/someone/.aws/credentials',
    });
    expect(listProfiles({ HOME: join(dir, 'nowhere') })).toEqual([]);
  });

  it('skips the nested settings of a section', () => {
    const sections = parseIni(CONFIG);
    expect(sections.get('profile ci')?.get('max_concurrent_requests')).toBeUndefined();
    expect(sections.get('profile tool')?.get('region')).toBe('ap-southeast-2');
  });
});

describe('resolveRegion', () => {
  it('takes the explicit region first', () => {
    expect(
      resolveRegion({ region: 'us-west-2', profile: 'dev' }, { ...env, AWS_REGION: 'sa-east-1' }),
    ).toEqual({
      region: 'us-west-2',
      source: 'explicit',
    });
  });

  it('takes the region of a profile chosen explicitly over the environment', () => {
    expect(resolveRegion({ profile: 'dev' }, { ...env, AWS_REGION: 'sa-east-1' })).toEqual({
      region: 'eu-central-1',
      source: 'profile',
    });
  });

  it('takes AWS_REGION, then AWS_DEFAULT_REGION, over the ambient profile (as the SDK does)', () => {
    expect(
      resolveRegion({}, { ...env, AWS_REGION: 'sa-east-1', AWS_DEFAULT_REGION: 'us-east-2' })?.source,
    ).toBe('AWS_REGION');
    expect(resolveRegion({}, { ...env, AWS_DEFAULT_REGION: 'us-east-2' })?.region).toBe('us-east-2');
    expect(resolveRegion({ profile: 'ci' }, { ...env, AWS_DEFAULT_REGION: 'us-east-2' })?.region).toBe(
      'us-east-2',
    );
  });

  it('falls back to the region of AWS_PROFILE or default', () => {
    expect(resolveRegion({}, env)).toEqual({ region: 'eu-west-1', source: 'profile' });
    expect(resolveRegion({}, { ...env, AWS_PROFILE: 'tool' })?.region).toBe('ap-southeast-2');
  });

  it('never guesses a region for AWS, but gives emulators us-east-1', () => {
    const bare = { HOME: join(dir, 'nowhere') };
    expect(resolveRegion({}, bare)).toBeUndefined();
    expect(resolveRegion({ endpointUrl: 'http://127.0.0.1:4566' }, bare)).toEqual({
      region: 'us-east-1',
      source: 'endpoint default',
    });
  });
});

describe('createAwsClients', () => {
  it('refuses without a region, saying where to set one', () => {
    const error = (() => {
      try {
        createAwsClients({ profile: 'ci' }, { env: { ...env, AWS_PROFILE: undefined } });
      } catch (e) {
        return e as AwsActionError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AwsActionError);
    expect(error?.code).toBe('NoRegion');
    expect(error?.nextStep).toContain('aws configure --profile ci');
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(() => createAwsClients({ region: 'us-east-1', endpointUrl: 'localhost:4566' }, { env })).toThrow(
      /not an http\(s\) URL/,
    );
  });

  it('resolves the target and builds the clients for it', async () => {
    const clients = createAwsClients({ profile: 'dev', endpointUrl: 'http://127.0.0.1:4566' }, { env });
    try {
      expect(clients.target).toEqual({
        region: 'eu-central-1',
        regionSource: 'profile',
        profile: 'dev',
        endpointUrl: 'http://127.0.0.1:4566',
      });
      expect(await clients.lambda.config.region()).toBe('eu-central-1');
      expect(await clients.logs.config.region()).toBe('eu-central-1');
    } finally {
      clients.destroy();
    }
  });
});
