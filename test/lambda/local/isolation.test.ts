/**
 * Dependency isolation (issue 17, item 2): a handler resolves what the deployed function would hold
 * (its code folder, its layers, the SDK Lambda's runtime includes) and not the packages of the folders
 * around it, on the fixture app test/fixtures/lambda/fidelity.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../../src/lambda/local';
import { findPython } from '../../../src/lambda/local/interpreters';
import { runtimePackages } from '../../../src/lambda/local/python-packages';
import { json, parentEnv } from './helpers';

const TEMPLATE = resolve(__dirname, '../../fixtures/lambda/fidelity/template.yaml');
let runtime: LocalRuntime;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'ownless-isolation-'));
  runtime = await LocalRuntime.start({
    templates: [TEMPLATE],
    region: 'eu-west-3',
    cacheDir,
    env: parentEnv(),
    prewarm: 0,
  });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('Node.js', () => {
  it.each(['NodeIsolation', 'NodeEsmIsolation'])(
    '%s: packages above the code folder are not found; layers and the project’s AWS SDK are',
    async (name) => {
      const result = await runtime.invoke(name);
      expect(result.functionError).toBeUndefined();
      const found = json(result.payload);
      expect(found.hostOnly).toMatch(/Cannot find module 'fflate'/);
      expect(found.sdk).toBe('found');
      expect(found.layer).toBe('found');
      expect(found.missingSdk).toMatch(
        /includes the AWS SDK for JavaScript v3; locally it comes from .*node_modules, which has no @aws-sdk\/client-not-a-service\. Add it there: npm install --save-dev @aws-sdk\/client-not-a-service/,
      );
    },
  );

  it('fails the init of a handler that needs a host-only package, as Runtime.ImportModuleError', async () => {
    const result = await runtime.invoke('NodeHostImport');
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload)).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
  });
});

describe('Python', () => {
  const python = findPython('python3.11', parentEnv());
  /** Packages the interpreter imports from its own site-packages when run as it is. */
  const hostPackages = ['yaml', 'pip', 'setuptools', 'requests', 'pytest'].filter((name) => {
    try {
      execFileSync(python?.command ?? 'python3', ['-c', `import ${name}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });

  it('imports from the code folder, the layers and the standard library, not the host’s site-packages', async () => {
    expect(hostPackages.length).toBeGreaterThan(0); // else this test proves nothing
    const result = await runtime.invoke('PythonIsolation', JSON.stringify({ host: hostPackages }));
    expect(result.functionError).toBeUndefined();
    const found = json(result.payload);
    expect(found).toMatchObject({
      json: 'found',
      sqlite3: 'found',
      layer: 'found',
      vendored: 'found',
      exit: true,
    });
    for (const name of hostPackages)
      expect((found.host as Record<string, string>)[name]).toBe(
        `ModuleNotFoundError: No module named '${name}'`,
      );
    const layers = resolve(TEMPLATE, '../layers');
    const hostSites = (found.path as string[]).filter(
      (dir) => /site-packages|dist-packages/.test(dir) && !dir.startsWith(layers),
    );
    expect(hostSites).toEqual([]);
    expect((found.path as string[])[0]).toBe(resolve(TEMPLATE, '../python'));
  });

  it('has boto3 as Lambda’s runtime does, when the interpreter has it', async () => {
    const result = await runtime.invoke('PythonIsolation', '{}');
    const hasBoto3 = runtimePackages(python?.command ?? 'python3').boto3 !== undefined;
    expect(json(result.payload).boto3).toBe(
      hasBoto3 ? 'found' : "ModuleNotFoundError: No module named 'boto3'",
    );
  });

  it('names the packages of requirements.txt that the code folder does not hold, once', async () => {
    const result = await runtime.invoke('PythonRequirements');
    expect(result.payload).toBe('"ran"');
    const notices = (result.notes ?? []).filter((note) => note.includes('requirements.txt'));
    expect(notices).toHaveLength(1);
    const hasBoto3 = runtimePackages(python?.command ?? 'python3').boto3 !== undefined;
    expect(notices[0]).toContain(
      `requirements.txt names ${hasBoto3 ? '' : 'boto3, '}requests, PyYAML, which the code folder`,
    );
    expect(result.logs.match(/requirements\.txt names/g)).toHaveLength(1);
  });
});
