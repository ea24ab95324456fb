import { describe } from 'vitest';
import { noEfsPath } from '../../../src/core/rules/storage/no-efs-path';
import { dedent, runCodeRuleTests } from '../../helpers/code-rule-tester';

describe('storage/no-efs-path', () => {
  runCodeRuleTests(noEfsPath, {
    valid: [
      {
        name: 'JS: /tmp scratch files and bundled files',
        code: dedent(`
          const fs = require('fs');
          const path = require('path');
          exports.handler = async () => {
            fs.writeFileSync('/tmp/out.txt', 'x');
            return fs.readFileSync(path.join(__dirname, 'data', 'mnt.json'), 'utf8');
          };
        `),
      },
      {
        name: 'JS: a string mentioning /mnt/ that is not a file access',
        code: dedent(`
          exports.handler = async () => { console.log('/mnt/efs is not used'); return '/mnt/x'; };
        `),
      },
      {
        name: 'Python: S3 instead of a mount',
        path: 'app.py',
        code: dedent(`
          import boto3

          s3 = boto3.client("s3")


          def handler(event, context):
              return s3.get_object(Bucket="models", Key="model.bin")["Body"].read()
        `),
      },
    ],
    invalid: [
      {
        name: 'JS: fs.readFileSync under /mnt/',
        code: dedent(`
          const fs = require('node:fs');
          exports.handler = async () => fs.readFileSync('/mnt/efs/config.json', 'utf8');
        `),
        findings: [{ messageId: 'efsPath', line: 2, column: 47 }],
      },
      {
        name: 'TS: a mount path joined in a constant, through fs/promises, and better-sqlite3',
        path: 'handler.ts',
        code: dedent(`
          import { writeFile } from 'node:fs/promises';
          import { join } from 'node:path';
          import Database from 'better-sqlite3';
          const ROOT = '/mnt/data';
          const db = new Database(join(ROOT, 'app.db'));
          export const handler = async (event: { id: string }) => {
            await writeFile(join(ROOT, \`\${event.id}.json\`), '{}');
            return db;
          };
        `),
        findings: [
          { messageId: 'efsPath', line: 5, column: 25 },
          { messageId: 'efsPath', line: 7, column: 19 },
        ],
      },
      {
        name: 'Python: open() and pathlib under /mnt/',
        path: 'app.py',
        code: dedent(`
          import os
          from pathlib import Path

          MODEL = Path("/mnt/models") / "model.bin"


          def handler(event, context):
              with open(os.path.join("/mnt/shared", event["name"]), "a") as f:
                  f.write("x")
              return MODEL.read_bytes()
        `),
        findings: [
          { messageId: 'efsPath', line: 8, column: 15 },
          { messageId: 'efsPath', line: 10, column: 12 },
        ],
      },
    ],
  });
});
