/**
 * The sidebar's AWS target cache (src/extension/aws/target-cache.ts): resolved once, resolved again
 * when a setting, a variable or a shared file changes, the files found through AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, and nothing secret in what it returns or prints.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as aws from '../../src/lambda/aws';
import { NO_REGION, TargetCache, resolveTarget } from '../../src/extension/aws/target-cache';

vi.mock('../../src/lambda/aws', async (importOriginal) => {
  const actual = await importOriginal<typeof aws>();
  return { ...actual, resolveRegion: vi.fn(actual.resolveRegion) };
});

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYOWNLESSSECRET';

let dir: string;
let env: NodeJS.ProcessEnv;
const caches: TargetCache[] = [];
const resolveRegion = vi.mocked(aws.resolveRegion);

/** A cache over `env`, with a promise of its next files-changed notice. */
function cache(): { targets: TargetCache; nextChange: () => Promise<void> } {
  let notify: () => void = () => undefined;
  const targets = new TargetCache(() => notify(), env);
  caches.push(targets);
  return { targets, nextChange: () => new Promise<void>((resolve) => (notify = resolve)) };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ownless-target-cache-'));
  env = {
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'),
  };
  mkdirSync(join(dir, 'aws'));
  writeFileSync(
    env.AWS_CONFIG_FILE!,
    '[default]\nregion = eu-west-1\n\n[profile dev]\nregion = eu-central-1\n',
  );
  writeFileSync(
    env.AWS_SHARED_CREDENTIALS_FILE!,
    `[default]\naws_access_key_id = AKIAOWNLESSCACHETEST\naws_secret_access_key = ${SECRET}\n`,
  );
  resolveRegion.mockClear();
});

afterEach(() => {
  for (const targets of caches.splice(0)) targets.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the AWS target cache', () => {
  it('reads the shared files once for as long as nothing changes', () => {
    const { targets } = cache();
    const first = targets.get({});
    expect(first).toEqual({ profile: undefined, region: 'eu-west-1', endpointUrl: undefined });
    for (let i = 0; i < 10; i++) expect(targets.get({})).toBe(first);
    expect(resolveRegion).toHaveBeenCalledTimes(1);
  });

  it('resolves again when a setting or a variable the target depends on changes', () => {
    const { targets } = cache();
    expect(targets.get({}).region).toBe('eu-west-1');
    expect(targets.get({ profile: 'dev' })).toEqual({ profile: 'dev', region: 'eu-central-1' });
    expect(
      targets.get({ profile: 'dev', region: 'us-west-2', endpointUrl: 'http://127.0.0.1:4566' }),
    ).toEqual({
      profile: 'dev',
      region: 'us-west-2',
      endpointUrl: 'http://127.0.0.1:4566',
    });
    expect(resolveRegion).toHaveBeenCalledTimes(3);
    env.AWS_REGION = 'ap-south-1';
    expect(targets.get({}).region).toBe('ap-south-1');
    env.AWS_PROFILE = 'dev';
    expect(targets.get({})).toEqual({ profile: 'dev', region: 'ap-south-1' });
    expect(resolveRegion).toHaveBeenCalledTimes(5);
    targets.invalidate();
    targets.get({});
    expect(resolveRegion).toHaveBeenCalledTimes(6);
  });

  it('watches the config file: an edit is read on the next get, and notified once', async () => {
    const { targets, nextChange } = cache();
    expect(targets.get({}).region).toBe('eu-west-1');
    const changed = nextChange();
    writeFileSync(env.AWS_CONFIG_FILE!, '[default]\nregion = sa-east-1\n');
    await changed;
    expect(targets.get({}).region).toBe('sa-east-1');
    expect(resolveRegion).toHaveBeenCalledTimes(2);
  });

  it('watches the credentials file, and a file replaced by a rename (atomic save)', async () => {
    const { targets, nextChange } = cache();
    expect(targets.get({ profile: 'keys' }).region).toBe(NO_REGION);
    let changed = nextChange();
    writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE!, '[keys]\nregion = ca-central-1\n');
    await changed;
    expect(targets.get({ profile: 'keys' }).region).toBe('ca-central-1');
    changed = nextChange();
    const temp = join(dir, 'aws', 'credentials.tmp');
    writeFileSync(temp, '[keys]\nregion = me-south-1\n');
    renameSync(temp, env.AWS_SHARED_CREDENTIALS_FILE!);
    await changed;
    expect(targets.get({ profile: 'keys' }).region).toBe('me-south-1');
  });

  it('follows AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws', async () => {
    const { targets, nextChange } = cache();
    targets.get({});
    expect(targets.watchedFiles).toEqual([env.AWS_CONFIG_FILE, env.AWS_SHARED_CREDENTIALS_FILE]);
    delete env.AWS_CONFIG_FILE;
    delete env.AWS_SHARED_CREDENTIALS_FILE;
    expect(targets.get({}).region).toBe(NO_REGION); // no ~/.aws in this HOME
    expect(targets.watchedFiles).toEqual([join(dir, '.aws', 'config'), join(dir, '.aws', 'credentials')]);
    // ~/.aws appears later (`aws configure`): waited for from HOME
    const changed = nextChange();
    mkdirSync(join(dir, '.aws'));
    writeFileSync(join(dir, '.aws', 'config'), '[default]\nregion = af-south-1\n');
    await changed;
    expect(targets.get({}).region).toBe('af-south-1');
  });

  it('a configured file in a folder that does not exist yet is waited for', async () => {
    env.AWS_CONFIG_FILE = join(dir, 'later', 'deeper', 'config');
    const { targets, nextChange } = cache();
    expect(targets.get({}).region).toBe(NO_REGION);
    const changed = nextChange();
    mkdirSync(join(dir, 'later'));
    mkdirSync(join(dir, 'later', 'deeper'));
    writeFileSync(env.AWS_CONFIG_FILE, '[default]\nregion = il-central-1\n');
    await changed;
    expect(targets.get({}).region).toBe('il-central-1');
  });

  it('stops watching when disposed, and when the variables name other files', async () => {
    const disposed = cache();
    disposed.targets.get({});
    const moved = cache();
    moved.targets.get({});
    const oldConfig = env.AWS_CONFIG_FILE!;
    env.AWS_CONFIG_FILE = join(dir, 'aws', 'other-config');
    moved.targets.get({});
    let disposedFired = false;
    let movedFired = false;
    disposed.nextChange().then(() => (disposedFired = true));
    moved.nextChange().then(() => (movedFired = true));
    disposed.targets.dispose();
    // A third cache on the old file tells when its change has been seen by everyone watching it.
    const witness = cache();
    env.AWS_CONFIG_FILE = oldConfig;
    witness.targets.get({});
    const seen = witness.nextChange();
    writeFileSync(oldConfig, '[default]\nregion = us-east-2\n');
    await seen;
    await new Promise((resolve) => setImmediate(resolve));
    expect({ disposedFired, movedFired }).toEqual({ disposedFired: false, movedFired: false });
  });

  it('returns and prints nothing secret', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    );
    try {
      const { targets, nextChange } = cache();
      const changed = nextChange();
      const target = targets.get({});
      writeFileSync(
        env.AWS_SHARED_CREDENTIALS_FILE!,
        `[default]\naws_access_key_id = AKIAOWNLESSCACHETEST\naws_secret_access_key = ${SECRET}x\n`,
      );
      await changed;
      const again = targets.get({});
      expect(JSON.stringify([target, again, resolveTarget({}, env)])).not.toMatch(/AKIA|wJalr/);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
