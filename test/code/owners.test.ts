/**
 * What the CLI and the language server share about handler files: their owners (template functions),
 * findings narrowed to the functions whose handler runs the code, fix-all, "Accept this deviation" in
 * code, and the handler check reusing a model built anyway.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { codeSuppressionEdits, fixAllCode } from '../../src/core/code/fix-code';
import type { HandlerLink } from '../../src/core/code/handler-links';
import { type HandlerOwner, handlerFiles, lintForOwners } from '../../src/core/code/owners';
import { initCodeParsers } from '../../src/core/code/parsers';
import { rememberExports, resolveHandler } from '../../src/core/code/resolve-handler';
import { resolveConfig } from '../../src/core/config/config';
import { applyOffsetEdits } from '../../src/core/fix/edits';
import { dedent } from '../helpers/rule-tester';

beforeAll(() => initCodeParsers());

const config = resolveConfig();

function link(
  functionId: string,
  file: string,
  exportName: string,
  missing?: 'file' | 'export',
): HandlerLink {
  return {
    functionId,
    runtime: file.endsWith('.py') ? 'python3.13' : file.endsWith('.rb') ? 'ruby3.3' : 'nodejs22.x',
    handler: `x.${exportName}`,
    codeDir: 'src',
    resolution: { file, exportName, found: !missing, missing },
  };
}

const owner = (functionId: string, exportName: string): HandlerOwner => ({
  template: 'template.yaml',
  functionId,
  exportName,
});

const APP = dedent(`
  const { S3Client } = require('@aws-sdk/client-s3');
  const { setTimeout: sleep } = require('node:timers/promises');
  const archive = new S3Client({ region: 'eu-west-1' });

  async function wait() {
    await sleep(5000);
  }

  exports.create = async (event) => {
    const s3 = new S3Client({});
    return s3.config;
  };

  exports.list = async (event) => {
    await wait();
    return [];
  };
`);

const rows = (findings: { ruleId: string; range: { start: { line: number } }; functions: string[] }[]) =>
  findings.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.functions.join(',')}`);

describe('handlerFiles', () => {
  it('groups the links of templates by file, keeping files that exist and are code we read', () => {
    const files = handlerFiles([
      {
        template: 'a.yaml',
        links: [
          link('Create', 'src/app.js', 'create'),
          link('List', 'src/app.js', 'list'),
          link('Gone', 'src/gone.js', 'handler', 'file'),
          link('Ruby', 'src/app.rb', 'handler'),
          link('Wrong', 'src/app.js', 'nothere', 'export'),
        ],
      },
      { template: 'b.yaml', links: [link('Create', 'src/app.js', 'create')] },
    ]);
    expect([...files.keys()]).toEqual(['src/app.js']);
    expect(files.get('src/app.js')!.map((o) => `${o.template} ${o.functionId} ${o.exportName}`)).toEqual([
      'a.yaml Create create',
      'a.yaml List list',
      'a.yaml Wrong nothere',
      'b.yaml Create create',
    ]);
  });
});

describe('lintForOwners', () => {
  it('names on each finding the functions whose handler runs the code; module scope concerns all', () => {
    const lint = lintForOwners(APP, 'src/app.js', config, [owner('Create', 'create'), owner('List', 'list')]);
    expect(rows(lint.findings)).toEqual([
      '3 resilience/no-hardcoded-region Create,List',
      '6 idle/no-busy-wait List', // in a helper only `list` calls
      '10 idle/client-in-handler Create',
    ]);
  });

  it('names every owner when the file holds one handler, and none for a file no template links', () => {
    const shared = lintForOwners(APP, 'src/app.js', config, [owner('A', 'create'), owner('B', 'create')]);
    expect(rows(shared.findings)).toEqual([
      '3 resilience/no-hardcoded-region A,B',
      '10 idle/client-in-handler A,B',
    ]);
    // By convention, both exports are handlers (their parameter is `event`).
    expect(rows(lintForOwners(APP, 'src/app.js', config, []).findings)).toEqual([
      '3 resilience/no-hardcoded-region ',
      '6 idle/no-busy-wait ',
      '10 idle/client-in-handler ',
    ]);
  });
});

describe('fixAllCode and codeSuppressionEdits', () => {
  const owners = [owner('Create', 'create'), owner('List', 'list')];
  const relint = (text: string) => lintForOwners(text, 'src/app.js', config, owners, { keepTree: false });

  it('applies the safe fixes until none is left, and never touches a file with syntax errors', () => {
    const fixed = fixAllCode(APP, relint(APP), relint);
    expect(fixed.changed).toBe(true);
    expect(rows(fixed.lint.findings)).toEqual(['6 idle/no-busy-wait List']);
    expect(fixed.text).toContain(
      'const s3 = new S3Client({});\n\nexports.create = async (event) => {\n  return',
    );
    const broken = `${APP}\nexports.broken = (;\n`;
    expect(fixAllCode(broken, relint(broken), relint).changed).toBe(false);
  });

  it('writes the directive above the flagged line, at its indentation, with `//` or `#`', () => {
    const lint = relint(APP);
    const busy = lint.findings.find((f) => f.ruleId === 'idle/no-busy-wait')!;
    const edits = codeSuppressionEdits(lint, busy, 'a partner API\nlimit */', relint)!;
    const text = applyOffsetEdits(APP, edits);
    expect(text).toContain(
      '  // ownless-ignore idle/no-busy-wait: a partner API limit * /\n  await sleep(5000);',
    );
    expect(rows(relint(text).findings)).not.toContain('7 idle/no-busy-wait List');

    const py = dedent(`
      import time


      def handler(event, context):
          time.sleep(3)
    `);
    const pyRelint = (t: string) => lintForOwners(t, 'daily.py', config, [], { keepTree: false });
    const pyLint = pyRelint(py);
    const pyEdits = codeSuppressionEdits(pyLint, pyLint.findings[0], '', pyRelint)!;
    expect(applyOffsetEdits(py, pyEdits)).toContain(
      '    # ownless-ignore idle/no-busy-wait:\n    time.sleep(3)',
    );
  });

  it('offers no suppression for meta findings', () => {
    const lint = relint(`// ownless-ignore idle/no-busy-wait\n${APP}`);
    const meta = lint.findings.find((f) => f.ruleId === 'meta/invalid-suppression')!;
    expect(codeSuppressionEdits(lint, meta, 'x', relint)).toBeUndefined();
  });
});

describe('rememberExports', () => {
  it('lets the handler check reuse a model built anyway', () => {
    const lint = lintForOwners(APP, 'src/app.js', config, []);
    rememberExports('src/app.js', lint.result.model!);
    // The host's text is the model's: the summary is used as it is (no parse).
    const host = { exists: (p: string) => p === 'src/app.js', readFile: () => APP };
    expect(resolveHandler('src', 'nodejs22.x', 'app.list', host)).toMatchObject({
      found: true,
      location: { start: { line: 13, character: 8 } },
    });
    expect(resolveHandler('src', 'nodejs22.x', 'app.nothere', host)).toMatchObject({
      found: false,
      missing: 'export',
    });
  });
});
