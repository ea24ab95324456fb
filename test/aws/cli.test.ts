/**
 * `ownless deploy` and `ownless invoke` end to end, in-process, against moto_server with --endpoint-url.
 * What needs no AWS service (usage, the local runtime's Lambda API, --local) is in
 * test/lambda/aws/cli.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommand } from '../../src/cli/deploy';
import { invokeCommand } from '../../src/cli/invoke';
import type { AwsCommandIo } from '../../src/cli/aws-common';
import { runCommand, writeCliProject } from '../lambda/aws/cli-helpers';
import { tempDir, useFakeAwsEnvironment } from '../lambda/aws/helpers';
import { type MotoServer, createRole, startMoto } from './moto';

let moto: MotoServer;
let environment: ReturnType<typeof useFakeAwsEnvironment>;
let role: string;
let project: string;

const deploy = (args: string[], io?: Partial<AwsCommandIo>) => runCommand(deployCommand, project, args, io);
const invoke = (args: string[], io?: Partial<AwsCommandIo>) => runCommand(invokeCommand, project, args, io);

beforeAll(async () => {
  environment = useFakeAwsEnvironment();
  moto = await startMoto();
  role = await createRole(moto.endpoint, 'ownless-cli-role');
  project = writeCliProject();
});
afterAll(async () => {
  await moto?.stop();
  environment?.restore();
});

describe('ownless deploy', () => {
  it('refuses to deploy unconfirmed without a terminal, changing nothing', async () => {
    const result = await deploy(['Orders', '--endpoint-url', moto.endpoint, '--role', role]);
    expect(result.code).toBe(2);
    expect(result.out).toContain('Deploy cli-orders to');
    expect(result.err).toContain('stdin is not a terminal, so nobody can confirm; pass --yes');
    const invoked = await invoke(['cli-orders', '--endpoint-url', moto.endpoint]);
    expect(invoked.err).toContain('does not exist');
  });

  it('asks for a role to create a new function', async () => {
    const result = await deploy(['Orders', '--yes', '--endpoint-url', moto.endpoint]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('creating it needs an execution role');
    expect(result.err).toContain('  Next: Pass the execution role: --role arn:aws:iam::');
  });

  it('creates the function from the template settings, then finds it unchanged', async () => {
    const created = await deploy(['Orders', '--yes', '--endpoint-url', moto.endpoint, '--role', role]);
    expect(created.err).toContain('ownless: Creating cli-orders');
    expect(created.code).toBe(0);
    expect(created.out).toContain(
      'creates a new function: nodejs20.x, handler index.handler, 512 MB, timeout 20 s',
    );
    expect(created.out).toContain('env:      STAGE');
    expect(created.out).toContain(
      'note:     environment variable QUEUE left out: the value depends on the account',
    );
    expect(created.out).toMatch(
      /Created cli-orders in http:\/\/127\.0\.0\.1:\d+ \(region us-east-1\) in [\d.]+ s: state Active/,
    );
    const again = await deploy(['Orders', '--endpoint-url', moto.endpoint]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing to deploy: cli-orders already runs this code.');
  });

  it('updates changed code once confirmed', async () => {
    writeFileSync(join(project, 'src/index.js'), 'exports.handler = async (event) => ({ event });\n');
    const questions: string[] = [];
    const declined = await deploy(['Orders', '--endpoint-url', moto.endpoint], {
      confirm: async (q) => (questions.push(q), false),
    });
    expect(declined.code).toBe(2);
    expect(declined.err).toContain('not deployed');
    expect(questions).toEqual([`Update cli-orders in ${moto.endpoint} (region us-east-1)? [y/N] `]);
    const accepted = await deploy(['Orders', '--endpoint-url', moto.endpoint, '--role', role], {
      confirm: async () => true,
    });
    expect(accepted.code).toBe(0);
    expect(accepted.out).toContain('replaces the code deployed');
    expect(accepted.out).toContain(
      '--role is only used to create a function; cli-orders exists and keeps its role',
    );
    expect(accepted.out).toMatch(/Updated cli-orders .* last update Successful/);
  });

  it('wants --function-name when the template decides the name at deploy time', async () => {
    const unknown = await deploy(['Stacked', '--yes', '--endpoint-url', moto.endpoint, '--role', role]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      'The deployed name of Stacked is not known here: FunctionName is decided at deploy time',
    );
    expect(unknown.err).toContain('Next: Pass the deployed name with --function-name.');
    const named = await deploy([
      'Stacked',
      '--yes',
      '--endpoint-url',
      moto.endpoint,
      '--role',
      role,
      '--function-name',
      'prod-stacked',
    ]);
    expect(named.code).toBe(0);
    expect(named.out).toContain('Created prod-stacked');
  });

  it('names a function without FunctionName by its logical id, and finds templates given with --template', async () => {
    const elsewhere = tempDir('ownless-cli-elsewhere-');
    const result = await deploy(
      [
        'Plain',
        '--yes',
        '--endpoint-url',
        moto.endpoint,
        '--role',
        role,
        '--template',
        join(project, 'template.yaml'),
      ],
      { cwd: elsewhere },
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('Created Plain');
  });

  it('says a TypeScript function needs building first (known once the service is asked)', async () => {
    const typed = await deploy(['Typed', '--yes', '--endpoint-url', moto.endpoint, '--role', role]);
    expect(typed.code).toBe(2);
    expect(typed.err).toContain('is TypeScript (app.ts)');
    expect(typed.err).toContain('Next: Build it');
  });
});

describe('ownless invoke on AWS', () => {
  it('prints the response on stdout and the summary on stderr', async () => {
    const result = await invoke([
      'cli-orders',
      '--endpoint-url',
      moto.endpoint,
      '--event',
      'events/order.json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ order: 42 });
    expect(result.out.endsWith('\n')).toBe(true);
    expect(result.err).toMatch(
      /^ownless: cli-orders in http:\/\/127\.0\.0\.1:\d+ \(region us-east-1\): \d+ ms round trip\n$/,
    );
  });

  it('explains a missing function', async () => {
    const missing = await invoke(['nope', '--endpoint-url', moto.endpoint]);
    expect(missing.code).toBe(2);
    expect(missing.out).toBe('');
    expect(missing.err).toBe(
      `ownless invoke: The function nope does not exist in ${moto.endpoint} (region us-east-1).\n` +
        '  Next: Check the region and profile, or deploy it first (ownless deploy nope).\n',
    );
  });
});
