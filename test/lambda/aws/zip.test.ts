/** The deterministic zip of a code folder: same bytes every time, what goes in and out, limits, handlers. */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsActionError, buildCodeZip, checkHandler, exclusionReason } from '../../../src/lambda/aws';
import type { ZipEntry } from '../../../src/lambda/aws';
import { tempDir, writeFiles } from './helpers';

let root: string;
let app: string;

const APP_FILES = {
  'index.js': 'exports.handler = async (e) => e;\n',
  'lib/util.js': 'module.exports = 1;\n',
  'lib/util.spec.ts': 'test',
  'app.test.js': 'test',
  'test/a.js': 'test',
  'tests/test_b.py': 'test',
  '__tests__/c.js': 'test',
  bootstrap: { content: '#!/bin/sh\n', mode: 0o700 },
  'secret-ish.sh': { content: 'echo\n', mode: 0o600 },
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.aws-sam/build/x.js': 'built',
  '.DS_Store': 'mac',
  'lib/.DS_Store': 'mac',
  '__pycache__/a.cpython-312.pyc': 'pyc',
  'requests/__init__.py': '# vendored with pip install -t .\n',
  'requests/__pycache__/__init__.cpython-312.pyc': 'pyc',
  'requests-2.31.0.dist-info/METADATA': 'Name: requests\n',
  '.venv/pyvenv.cfg': 'home = /usr/bin\n',
  '.venv/lib/site.py': 'x',
  'env/pyvenv.cfg': 'home = /usr/bin\n',
  'env/lib/site.py': 'x',
  'node_modules/dep/index.js': 'module.exports = 2;\n',
  'node_modules/dep/test/data.json': '{}',
  'node_modules/dep/dep.test.js': 'kept: a dependency ships what it chose',
};

/** Reads each central-directory entry's name, system, DOS time and date, and Unix mode. */
function centralDirectory(
  bytes: Uint8Array,
): { name: string; os: number; time: number; date: number; mode: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(offset, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    entries.push({
      name: Buffer.from(bytes.subarray(offset + 46, offset + 46 + nameLength)).toString('utf8'),
      os: view.getUint8(offset + 5),
      time: view.getUint16(offset + 12, true),
      date: view.getUint16(offset + 14, true),
      mode: view.getUint32(offset + 38, true) >>> 16,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

beforeAll(() => {
  root = tempDir('ownless-zip-');
  app = writeFiles(join(root, 'app'), APP_FILES);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildCodeZip', () => {
  it('puts in the code and its dependencies, sorted, and leaves out the rest', () => {
    const zip = buildCodeZip(app);
    expect(zip.files.map((f) => f.path)).toEqual([
      'bootstrap',
      'index.js',
      'lib/util.js',
      'node_modules/dep/dep.test.js',
      'node_modules/dep/index.js',
      'node_modules/dep/test/data.json',
      'requests-2.31.0.dist-info/METADATA',
      'requests/__init__.py',
      'secret-ish.sh',
    ]);
    expect(zip.excluded).toEqual([
      '.DS_Store',
      '.aws-sam/',
      '.git/',
      '.venv/',
      '__pycache__/',
      '__tests__/',
      'app.test.js',
      'env/ (virtualenv)',
      'lib/.DS_Store',
      'lib/util.spec.ts',
      'requests/__pycache__/',
      'test/',
      'tests/',
    ]);
    expect(Object.keys(unzipSync(zip.bytes))).toEqual(zip.files.map((f) => f.path));
    expect(Buffer.from(unzipSync(zip.bytes)['index.js']).toString()).toBe(APP_FILES['index.js']);
    expect(zip.unzippedSize).toBe(zip.files.reduce((n, f) => n + f.size, 0));
  });

  it('hashes like Lambda: base64 of the SHA-256 of the zip', () => {
    const zip = buildCodeZip(app);
    expect(zip.sha256).toBe(createHash('sha256').update(zip.bytes).digest('base64'));
    expect(zip.size).toBe(zip.bytes.length);
  });

  it('writes fixed timestamps (1980-01-01 00:00) and 0644/0755 Unix permissions', () => {
    const entries = centralDirectory(buildCodeZip(app).bytes);
    for (const entry of entries) {
      expect(entry.os).toBe(3);
      expect(entry.time).toBe(0);
      expect(entry.date).toBe((0 << 9) | (1 << 5) | 1);
    }
    const mode = (name: string): number | undefined => entries.find((e) => e.name === name)?.mode;
    expect(mode('bootstrap')).toBe(0o100755);
    expect(mode('secret-ish.sh')).toBe(0o100644);
    expect(mode('index.js')).toBe(0o100644);
  });

  it('gives the same bytes for the same files, whatever their times and where the folder is', () => {
    const first = buildCodeZip(app);
    const copy = join(root, 'copy');
    cpSync(app, copy, { recursive: true });
    const past = new Date('2001-02-03T04:05:06Z');
    for (const path of ['index.js', 'lib/util.js', 'bootstrap', 'node_modules/dep/index.js'])
      utimesSync(join(copy, path), past, past);
    const second = buildCodeZip(copy);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(second.sha256).toBe(first.sha256);
    writeFileSync(join(copy, 'index.js'), 'exports.handler = async () => 2;\n');
    expect(buildCodeZip(copy).sha256).not.toBe(first.sha256);
  });

  it('follows links to files and folders, and skips broken links and loops', () => {
    const linked = writeFiles(join(root, 'linked'), { 'real/index.js': 'x', 'shared.js': 'y' });
    symlinkSync(join(linked, 'shared.js'), join(linked, 'alias.js'));
    symlinkSync(join(linked, 'real'), join(linked, 'pnpm-style'));
    symlinkSync(join(linked, 'missing.js'), join(linked, 'broken.js'));
    symlinkSync(linked, join(linked, 'real', 'loop'));
    const zip = buildCodeZip(linked);
    expect(zip.files.map((f) => f.path)).toEqual([
      'alias.js',
      'pnpm-style/index.js',
      'real/index.js',
      'shared.js',
    ]);
    expect(zip.skipped).toEqual(['broken.js', 'pnpm-style/loop/ (link loop)', 'real/loop/ (link loop)']);
  });

  it('leaves secrets out, and says why (issue 16 item 2)', () => {
    const dir = writeFiles(join(root, 'secrets'), {
      'index.js': 'x',
      '.env': 'DB_PASSWORD=hunter2',
      '.env.production': 'DB_PASSWORD=hunter3',
      '.env.example': 'DB_PASSWORD=',
      '.npmrc': '//registry.npmjs.org/:_authToken=npm_x',
      id_rsa: 'key',
      'deploy/id_ed25519': 'key',
      'server.pem': '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n',
      'certifi/cacert.pem': '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n',
      'client.p12': 'binary',
      '.aws/credentials': '[default]',
      '.ssh/config': 'Host x',
    });
    const zip = buildCodeZip(dir);
    expect(zip.files.map((f) => f.path)).toEqual(['.env.example', 'certifi/cacert.pem', 'index.js']);
    expect(zip.leftOut).toEqual([
      { path: '.aws/', reason: 'secret (AWS credentials)' },
      { path: '.env', reason: 'secret (environment file)' },
      { path: '.env.production', reason: 'secret (environment file)' },
      { path: '.npmrc', reason: 'secret (package registry token)' },
      { path: '.ssh/', reason: 'secret (SSH keys)' },
      { path: 'client.p12', reason: 'secret (key store)' },
      { path: 'deploy/id_ed25519', reason: 'secret (SSH private key)' },
      { path: 'id_rsa', reason: 'secret (SSH private key)' },
      { path: 'server.pem', reason: 'secret (holds a private key)' },
    ]);
  });

  it('puts back what .ownlessignore re-includes, and leaves out what it names', () => {
    const dir = writeFiles(join(root, 'ignorefile'), {
      'index.js': 'x',
      '.env': 'PUBLIC_FLAG=1',
      '.env.local': 'SECRET=1',
      'docs/guide.md': 'text',
      'data/big.csv': 'a,b',
      '.ownlessignore': '# the function reads .env itself\n!.env\ndocs/\n*.csv\n',
    });
    const zip = buildCodeZip(dir);
    expect(zip.files.map((f) => f.path)).toEqual(['.env', 'index.js']);
    expect(zip.leftOut).toEqual([
      { path: '.env.local', reason: 'secret (environment file)' },
      { path: '.ownlessignore', reason: 'the ignore file' },
      { path: 'data/big.csv', reason: '.ownlessignore' },
      { path: 'docs/', reason: '.ownlessignore' },
    ]);
  });

  it('never follows a link out of the code folder', () => {
    const outside = writeFiles(join(root, 'outside'), { 'secret.txt': 'top secret', 'lib/x.js': 'x' });
    const dir = writeFiles(join(root, 'linking-out'), { 'index.js': 'x', 'inner/real.js': 'y' });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'secret.txt'));
    symlinkSync(join(outside, 'lib'), join(dir, 'lib'));
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    symlinkSync(join(dir, 'inner/real.js'), join(dir, 'alias.js'));
    const zip = buildCodeZip(dir);
    expect(zip.files.map((f) => f.path)).toEqual(['alias.js', 'index.js', 'inner/real.js']);
    expect(zip.leftOut).toEqual([
      { path: 'lib/', reason: 'a link out of the code folder' },
      { path: 'passwd', reason: 'a link out of the code folder' },
      { path: 'secret.txt', reason: 'a link out of the code folder' },
    ]);
  });

  it('refuses code over the unzipped or zipped limit, saying what to do', () => {
    const big = writeFiles(join(root, 'big'), { 'a.bin': 'a'.repeat(4000), 'b.bin': 'b'.repeat(4000) });
    const tooBig = (limits: { zipped?: number; unzipped?: number }): AwsActionError => {
      try {
        buildCodeZip(big, limits);
      } catch (error) {
        return error as AwsActionError;
      }
      throw new Error('no error');
    };
    const unzipped = tooBig({ unzipped: 5000 });
    expect(unzipped.code).toBe('CodeTooLarge');
    expect(unzipped.message).toContain('more than 4.9 KB unzipped');
    expect(unzipped.nextStep).toContain('npm ci --omit=dev');
    const zipped = tooBig({ zipped: 100 });
    expect(zipped.message).toMatch(
      /zipped code of .* is \d+ B, over Lambda's 100 B limit for a direct upload/,
    );
  });

  it('refuses a missing or empty folder', () => {
    expect(() => buildCodeZip(join(root, 'nowhere'))).toThrow(/does not exist/);
    const empty = join(root, 'empty');
    mkdirSync(join(empty, 'tests'), { recursive: true });
    writeFileSync(join(empty, 'tests', 'x.js'), '');
    expect(() => buildCodeZip(empty)).toThrow(/nothing to deploy \(left out: tests\/\)/);
  });

  it('tells why a path is left out', () => {
    expect(exclusionReason('src/x.test.ts', false)).toBe('tests');
    expect(exclusionReason('node_modules/x/tests', true)).toBeUndefined();
    expect(exclusionReason('node_modules/x/.git', true)).toBe('.git folder');
    expect(exclusionReason('testing/helpers.js', false)).toBeUndefined();
    expect(exclusionReason('contest.js', false)).toBeUndefined();
  });
});

describe('checkHandler', () => {
  const files = (...paths: string[]): ZipEntry[] =>
    paths.map((path) => ({ path, size: 1, executable: path === 'bootstrap' }));
  const failure = (run: () => unknown): AwsActionError => {
    try {
      run();
    } catch (error) {
      return error as AwsActionError;
    }
    throw new Error('no error');
  };

  it('finds Node.js handlers in .js, .mjs and .cjs files', () => {
    expect(checkHandler(files('index.js'), 'nodejs22.x', 'index.handler')).toEqual({
      checked: true,
      file: 'index.js',
    });
    expect(checkHandler(files('src/app.mjs'), 'nodejs20.x', 'src/app.handlers.create')).toEqual({
      checked: true,
      file: 'src/app.mjs',
    });
    expect(checkHandler(files('lib/app.cjs'), 'nodejs18.x', 'lib/app.handler')).toMatchObject({
      checked: true,
    });
  });

  it('says a TypeScript handler must be built first', () => {
    const error = failure(() => checkHandler(files('app.ts'), 'nodejs20.x', 'app.handler'));
    expect(error.code).toBe('HandlerNeedsBuild');
    expect(error.message).toContain('is TypeScript (app.ts)');
    expect(error.nextStep).toContain('sam build');
  });

  it('says which file is missing', () => {
    const error = failure(() => checkHandler(files('main.js'), 'nodejs20.x', 'index.handler', '/code'));
    expect(error.code).toBe('HandlerNotFound');
    expect(error.message).toBe(
      'The handler index.handler needs index.js (or .mjs, .cjs) in /code, and there is none.',
    );
    expect(failure(() => checkHandler(files('index.js'), 'nodejs20.x', 'index')).message).toContain(
      'file.function',
    );
  });

  it('finds Python handlers by path or dotted module, and packages', () => {
    expect(checkHandler(files('pkg/module.py'), 'python3.12', 'pkg/module.handler')).toMatchObject({
      file: 'pkg/module.py',
    });
    expect(checkHandler(files('pkg/module.py'), 'python3.12', 'pkg.module.handler')).toMatchObject({
      file: 'pkg/module.py',
    });
    expect(checkHandler(files('app/__init__.py'), 'python3.11', 'app.handler')).toMatchObject({
      file: 'app/__init__.py',
    });
    expect(failure(() => checkHandler(files('app.py'), 'python3.12', 'main.handler')).message).toContain(
      'needs main.py',
    );
  });

  it('wants an executable bootstrap for provided runtimes', () => {
    expect(checkHandler(files('bootstrap'), 'provided.al2023', 'anything')).toMatchObject({
      file: 'bootstrap',
    });
    expect(failure(() => checkHandler(files('main'), 'provided.al2', 'x')).message).toContain(
      'named bootstrap',
    );
    const notExecutable = [{ path: 'bootstrap', size: 1, executable: false }];
    expect(failure(() => checkHandler(notExecutable, 'provided', 'x')).code).toBe('BootstrapNotExecutable');
  });

  it('does not check what it cannot know', () => {
    expect(checkHandler(files('x.jar'), 'java21', 'a.B::handle')).toEqual({
      checked: false,
      reason: 'handlers of java21 are not checked',
    });
    expect(checkHandler(files('x.js'), undefined, 'x.handler').checked).toBe(false);
  });
});
