/**
 * Which binary runs a function (issue 17, item 3): the one named for its runtime (the
 * `ownless.local.runtimes` setting, `--runtime-path`), else a Node.js of the runtime's major version on
 * PATH or in the version managers' usual folders (nvm, fnm, volta, n, asdf), else the nearest one with
 * a note that says so. Stand-in `node` programs answer `--version` and otherwise run the real Node.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../../src/lambda/local';
import { findNode, findPython } from '../../../src/lambda/local/interpreters';
import { json, parentEnv } from './helpers';

let home: string;

/** A `node` that says it is `version` and runs the real Node.js otherwise, marking its environment. */
function standIn(dir: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'node');
  writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo v${version}; exit 0; fi\nexport STAND_IN=${version}\nexec "${process.execPath}" "$@"\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ownless-interpreters-'));
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.runIf(process.platform !== 'win32')('finding Node.js', () => {
  const env = (): NodeJS.ProcessEnv => ({ HOME: home, PATH: join(home, 'bin') });

  it.each([
    ['nvm', '.nvm/versions/node/v22.11.0/bin', '22.11.0'],
    ['fnm', '.local/share/fnm/node-versions/v21.7.3/installation/bin', '21.7.3'],
    ['volta', '.volta/tools/image/node/19.9.0/bin', '19.9.0'],
    ['asdf', '.asdf/installs/nodejs/17.9.1/bin', '17.9.1'],
  ])('finds one of the runtime’s major version in %s', (_manager, folder, version) => {
    const node = standIn(join(home, folder), version);
    const found = findNode(`nodejs${version.split('.')[0]}.x`, env());
    expect(found).toEqual({ command: node, env: {} });
  });

  it('prefers the newest of a major version', () => {
    standIn(join(home, '.nvm/versions/node/v23.1.0/bin'), '23.1.0');
    const newest = standIn(join(home, '.nvm/versions/node/v23.10.0/bin'), '23.10.0');
    expect(findNode('nodejs23.x', env()).command).toBe(newest);
  });

  it('runs on node from PATH with a note when no Node.js of that version is installed', () => {
    const onPath = standIn(join(home, 'bin'), '20.5.0');
    expect(findNode('nodejs24.x', env())).toEqual({
      command: onPath,
      env: {},
      note: 'nodejs24.x runs on Node.js 20.5.0 here: no Node.js 24 was found on PATH, in nvm, fnm, volta, n or asdf (name one with ownless.local.runtimes or --runtime-path)',
    });
  });

  it('uses the binary named for the runtime, with a note when it is of another version', () => {
    const named = standIn(join(home, 'named'), '22.1.0');
    expect(findNode('nodejs22.x', env(), named)).toEqual({ command: named, env: {}, note: undefined });
    expect(findNode('nodejs24.x', env(), named).note).toBe(
      `nodejs24.x runs on Node.js 22.1.0 here: the binary set for it (${named}) is not Node.js 24`,
    );
    expect(() => findNode('nodejs22.x', env(), join(home, 'missing'))).toThrow(/is not an executable file/);
    expect(() => findPython('python3.12', env(), join(home, 'missing'))).toThrow(
      /python3\.12 .* not an executable/,
    );
  });
});

describe.runIf(process.platform !== 'win32')('the runtimes option', () => {
  let runtime: LocalRuntime;
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'ownless-runtimes-'));
    runtime = await LocalRuntime.start({
      templates: [resolve(__dirname, '../../fixtures/lambda/fidelity/template.yaml')],
      cacheDir,
      env: parentEnv(),
      prewarm: 0,
      runtimes: { 'nodejs22.x': standIn(join(home, 'option'), '22.4.1') },
    });
  });
  afterAll(async () => {
    await runtime?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('runs a nodejs22.x function on the binary named for it, without a note', async () => {
    const result = await runtime.invoke('Runtime22');
    expect(result.functionError).toBeUndefined();
    expect(json(result.payload)).toMatchObject({ standIn: '22.4.1', executionEnv: 'AWS_Lambda_nodejs22.x' });
    expect(result.notes).toBeUndefined();
    expect(result.logs).not.toContain('Ownless Note');
  });

  it('says in the result, the log and the REPORT line when a runtime runs on another version', async () => {
    const result = await runtime.invoke('Runtime24');
    expect(result.functionError).toBeUndefined();
    const note = `nodejs24.x runs on Node.js ${process.versions.node} here`;
    if (process.versions.node.startsWith('24.')) return; // this machine has the right one
    expect(result.notes?.[0]).toContain(note);
    expect(result.logs).toContain(`[ownless] ${note}`);
    expect(result.logs).toMatch(
      new RegExp(`REPORT RequestId: .*Ownless Note: ${note.replace(/\./g, '\\.')}`),
    );
  });
});
