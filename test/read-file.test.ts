/**
 * Hostile files: the core reads regular files only, with the size limit enforced while reading, so a
 * FIFO or a device (a handler or template symlinked to /dev/zero) neither hangs nor exhausts memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeCode,
  analyzeFile,
  initCodeParsers,
  loadTemplate,
  readConfigText,
  readTextFile,
} from '../src/core';
import { loadFunctions } from '../src/lambda/local/functions';
import { resolveConfig } from '../src/core/config/config';

const dir = mkdtempSync(join(tmpdir(), 'ownless-read-'));
const fifo = join(dir, 'template.yaml');
execFileSync('mkfifo', [fifo]);
const zero = join(dir, 'zero.yaml');
symlinkSync('/dev/zero', zero);
const big = join(dir, 'big.yaml');
writeFileSync(big, 'x'.repeat(2048));
const small = join(dir, 'small.yaml');
writeFileSync(small, 'Resources: {}\n');

describe('readTextFile', () => {
  it('refuses a FIFO without waiting for a writer, and a device behind a symlink', () => {
    expect(readTextFile(fifo, 1024)).toEqual({ problem: 'notRegular' });
    expect(readTextFile(zero, 1024)).toEqual({ problem: 'notRegular' });
  });

  it('refuses a regular file over the limit and reads one within it', () => {
    expect(readTextFile(big, 1024)).toEqual({ problem: 'tooLarge', size: 2048 });
    expect(readTextFile(small, 1024)).toEqual({ text: 'Resources: {}\n' });
    expect(readTextFile(join(dir, 'missing.yaml'), 1024)).toEqual({ problem: 'unreadable', code: 'ENOENT' });
  });
});

describe('readTextFile: bytes that are not UTF-8', () => {
  it('says where the first bytes that are not UTF-8 are, as an offset in the text', () => {
    const latin1 = join(dir, 'latin1.yaml');
    // "ü" written in UTF-8, a U+FFFD written in UTF-8, then "é" in Latin-1 (one byte 0xE9).
    writeFileSync(
      latin1,
      Buffer.concat([Buffer.from('a: ü\ufffd\n'), Buffer.from([0x62, 0x3a, 0x20, 0xe9])]),
    );
    const read = readTextFile(latin1, 1024);
    expect(read).toEqual({ text: 'a: ü\ufffd\nb: \ufffd', invalidUtf8: 9 });
    expect(readTextFile(small, 1024)).not.toHaveProperty('invalidUtf8');
  });
});

describe('analyzeFile (the front door)', () => {
  const config = resolveConfig({});

  it('says a FIFO or a device is unreadable instead of reading it', () => {
    expect(analyzeFile({ path: fifo }, { config })).toEqual({
      kind: 'unreadable',
      reason: 'not a regular file',
    });
    expect(analyzeFile({ path: zero }, { config })).toEqual({
      kind: 'unreadable',
      reason: 'not a regular file',
    });
  });

  it('reports an oversized file as one located problem without reading it', () => {
    const limits = { ...config.limits, maxFileSize: 1024 };
    const analysis = analyzeFile({ path: big }, { config: { ...config, limits } });
    expect(analysis.kind).toBe('template');
    if (analysis.kind === 'template') expect(analysis.result.doc.problems[0].message).toMatch(/MB/);
  });

  it('leaves a YAML file that is no template alone, and analyses one that is', () => {
    expect(analyzeFile({ path: 'w.yaml', text: 'on: push\n' }, { config }).kind).toBe('notTemplate');
    const text = 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { VpcConfig: {} }\n';
    const analysis = analyzeFile({ path: 't.yaml', text }, { config });
    expect(analysis.kind === 'template' && analysis.result.findings.map((f) => f.ruleId)).toContain(
      'network/no-vpc',
    );
  });

  it('the CLI reports a FIFO named on the command line as unreadable, promptly', () => {
    const cli = join(__dirname, '..', 'dist', 'cli.js');
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [cli, 'lint', fifo], { timeout: 20_000, encoding: 'utf8' });
    } catch (e) {
      const error = e as { status: number; stderr: string; signal?: string };
      expect(error.signal ?? null).toBeNull();
      status = error.status;
      stderr = error.stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toContain('template.yaml');
  });
});

describe('loadTemplate (the local runtime, invoke and deploy)', () => {
  it('refuses a FIFO or a device as a template, and the local runtime says so instead of hanging', () => {
    expect(loadTemplate(fifo)).toEqual({ problem: 'not a regular file' });
    expect(loadTemplate(zero)).toEqual({ problem: 'not a regular file' });
    const loaded = loadFunctions([fifo], { region: 'eu-west-1', accountId: '123456789012' });
    expect(loaded.functions).toEqual([]);
    expect(loaded.warnings).toEqual([`${fifo}: cannot read it: not a regular file`]);
  });

  it('reads a template and says when a file is none', () => {
    const template = join(dir, 'template.json');
    writeFileSync(template, '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {}}}}');
    const loaded = loadTemplate(template);
    expect('model' in loaded && loaded.model.functions.map((f) => f.id)).toEqual(['Fn']);
    const notTemplate = join(dir, 'workflow.yaml');
    writeFileSync(notTemplate, 'on: push\n');
    expect(loadTemplate(notTemplate)).toEqual({ problem: 'not a template', notTemplate: true });
  });
});

describe('analyzeCode and the configuration (the front door for handler code and ownless.yaml)', () => {
  const config = resolveConfig({});
  const handlerFifo = join(dir, 'handler.js');
  execFileSync('mkfifo', [handlerFifo]);
  const handlerZero = join(dir, 'app.py');
  symlinkSync('/dev/zero', handlerZero);
  const configFifo = join(mkdtempSync(join(tmpdir(), 'ownless-config-')), 'ownless.yaml');
  execFileSync('mkfifo', [configFifo]);

  it('says a handler file that is a FIFO or a device is unreadable instead of reading it', async () => {
    await initCodeParsers();
    expect(analyzeCode({ path: handlerFifo }, { config })).toEqual({
      kind: 'unreadable',
      reason: 'not a regular file',
    });
    expect(analyzeCode({ path: handlerZero }, { config })).toEqual({
      kind: 'unreadable',
      reason: 'not a regular file',
    });
  });

  it('reports a handler over the size limit as one problem, and lints one within it', async () => {
    await initCodeParsers();
    const bigHandler = join(dir, 'big.js');
    writeFileSync(bigHandler, `// ${'x'.repeat(2048)}\nexports.handler = async () => 1;\n`);
    const limits = { ...config.limits, maxFileSize: 1024 };
    const over = analyzeCode({ path: bigHandler }, { config: { ...config, limits } });
    expect(over.kind === 'code' && over.oversize && over.lint.result.problems[0].message).toMatch(
      /over the 0\.0 MB limit/,
    );
    const text =
      "const { S3Client } = require('@aws-sdk/client-s3');\nexports.handler = async () => new S3Client({});\n";
    const linted = analyzeCode({ path: join(dir, 'ok.js'), text }, { config });
    expect(linted.kind === 'code' && linted.lint.findings.map((f) => f.ruleId)).toContain(
      'idle/client-in-handler',
    );
    expect(analyzeCode({ path: join(dir, 'notes.txt'), text: 'x' }, { config })).toEqual({ kind: 'notCode' });
  });

  it('refuses an ownless.yaml that is a FIFO, with the reason', () => {
    expect(() => readConfigText(configFifo)).toThrow('not a regular file');
  });
});
