/**
 * `ownless deploy` and `ownless invoke` end to end, in-process, for all that needs no AWS service:
 * usage and what is refused before any request, invoke against the local runtime's Lambda API
 * (function errors, REPORT lines), and --local on the fixture app. Against moto_server:
 * test/aws/cli.test.ts (`npm run test:aws`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommand } from '../../../src/cli/deploy';
import { INVOKE_USAGE, invokeCommand } from '../../../src/cli/invoke';
import type { AwsCommandIo } from '../../../src/cli/aws-common';
import { FIXTURE_APP, FIXTURE_TEMPLATE, type Started, startFixtureRuntime } from '../local/helpers';
import { runCommand, writeCliProject } from './cli-helpers';
import { useFakeAwsEnvironment } from './helpers';

/** An endpoint where nothing answers: these checks must be done before any request. */
const NOWHERE = 'http://127.0.0.1:9';

let environment: ReturnType<typeof useFakeAwsEnvironment>;
let project: string;

const deploy = (args: string[], io?: Partial<AwsCommandIo>) => runCommand(deployCommand, project, args, io);
const invoke = (args: string[], io?: Partial<AwsCommandIo>) => runCommand(invokeCommand, project, args, io);

beforeAll(() => {
  environment = useFakeAwsEnvironment();
  project = writeCliProject();
});
afterAll(() => {
  environment?.restore();
});

describe('ownless deploy', () => {
  it('says what cannot be deployed, and why, before asking the service', async () => {
    const inline = await deploy(['Inline', '--yes', '--endpoint-url', NOWHERE]);
    expect(inline.err).toContain('Inline cannot be deployed by ownless: its code is inline in the template');
    const missing = await deploy(['Nope', '--endpoint-url', NOWHERE]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(
      /no function Nope in the templates; there are: Orders \(.*template\.yaml\), Stacked/,
    );
    expect((await deploy([])).err).toContain('name one function (none given)');
    expect((await deploy(['Orders', '--bogus'])).err).toContain("Unknown option '--bogus'");
  });
});

describe('ownless invoke', () => {
  it('explains a bad event before asking the service', async () => {
    const bad = await invoke(['cli-orders', '--endpoint-url', NOWHERE, '--event', 'events/bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not JSON');
    const absent = await invoke(['cli-orders', '--event', 'events/none.json']);
    expect(absent.err).toContain('cannot read the event');
  });

  it('checks its options', async () => {
    expect((await invoke(['--help'])).out).toBe(INVOKE_USAGE);
    expect((await invoke(['a', '--local', '--profile', 'p'])).err).toContain('--profile only apply on AWS');
    expect((await invoke(['a', '--template', 't.yaml'])).err).toContain('--template applies with --local');
    expect((await invoke(['a', 'b'])).err).toContain('name one function (several given)');
    expect((await invoke(['a', '--endpoint-url', 'nowhere'])).err).toContain('is not an http(s) URL');
  });

  describe('against the local runtime Lambda API', () => {
    let started: Started;
    let saved: { id?: string; secret?: string };

    beforeAll(async () => {
      started = await startFixtureRuntime();
      saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
      process.env.AWS_ACCESS_KEY_ID = started.runtime.credentials.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = started.runtime.credentials.secretAccessKey;
    });
    afterAll(async () => {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      await started?.stop();
    });

    it('prints the log tail and the REPORT summary, and exits 1 on a function error', async () => {
      const eventFile = join(project, 'events/error.json');
      writeFileSync(eventFile, '{"action":"error"}');
      const result = await invoke([
        'ownless-echo',
        '--endpoint-url',
        started.runtime.endpoint,
        '--event',
        eventFile,
      ]);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.out)).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of range' });
      expect(result.err).toContain('START RequestId:');
      expect(result.err).toMatch(
        /ownless: ownless-echo \(\$LATEST\) in .*: duration [\d.]+ ms \(billed \d+ ms\), memory \d+ of 256 MB, init/,
      );
      expect(result.err).toContain('ownless: ownless-echo failed (Unhandled): RangeError: out of range');
    });
  });
});

describe('ownless invoke --local', () => {
  it('runs a fixture function on this machine', async () => {
    const eventFile = join(project, 'events/order.json');
    const result = await invoke(['ownless-echo', '--local', '--event', eventFile], { cwd: FIXTURE_APP });
    expect(result.code).toBe(0);
    const body = JSON.parse(result.out) as { event: unknown; context: { functionName: string } };
    expect(body.event).toEqual({ order: 42 });
    expect(body.context.functionName).toBe('ownless-echo');
    expect(result.err).toContain('START RequestId:');
    expect(result.err).toMatch(/ownless: ownless-echo ran locally: duration [\d.]+ ms/);
    expect(result.err).toContain('TABLE');
  });

  it('exits 1 on a function error, and 2 for a function it does not have', async () => {
    const eventFile = join(project, 'events/error.json');
    writeFileSync(eventFile, '{"action":"error"}');
    const failed = await invoke(['Echo', '--local', '--template', FIXTURE_TEMPLATE, '--event', eventFile]);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('ownless: ownless-echo failed (Unhandled: RangeError)');
    const missing = await invoke(['Nope', '--local', '--template', FIXTURE_TEMPLATE]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      'no function Nope in the templates; there are: ownless-echo / Echo, Sleeper',
    );
    const java = await invoke(['Java', '--local', '--template', FIXTURE_TEMPLATE]);
    expect(java.code).toBe(2);
    expect(java.err).toContain('Java cannot run locally');
  });
});
