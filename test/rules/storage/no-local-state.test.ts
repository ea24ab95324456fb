import { describe } from 'vitest';
import { noLocalState } from '../../../src/core/rules/storage/no-local-state';
import { dedent, runCodeRuleTests } from '../../helpers/code-rule-tester';

describe('storage/no-local-state', () => {
  runCodeRuleTests(noLocalState, {
    valid: [
      {
        name: 'JS: /tmp as scratch space (download, then process, in one invocation)',
        code: dedent(`
          const fs = require('node:fs');
          const path = require('node:path');
          exports.handler = async (event) => {
            const file = path.join('/tmp', 'input.csv');
            fs.writeFileSync(file, event.body);
            return fs.readFileSync(file, 'utf8').split('\\n').length;
          };
        `),
      },
      {
        name: 'JS: bundled files read through __dirname and LAMBDA_TASK_ROOT',
        code: dedent(`
          import { readFileSync } from 'node:fs';
          import { join } from 'node:path';
          const schema = JSON.parse(readFileSync(join(__dirname, 'schema.json'), 'utf8'));
          export const handler = async () => readFileSync(join(process.env.LAMBDA_TASK_ROOT, 'templates', 'mail.html'), 'utf8') + schema.id;
        `),
      },
      {
        name: 'TS: a memo keyed by configuration, not by the request',
        path: 'handler.ts',
        code: dedent(`
          import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';
          const ssm = new SSMClient({});
          const parameters = new Map<string, string>();
          async function parameter(name: string): Promise<string> {
            if (!parameters.has(name)) {
              const out = await ssm.send(new GetParameterCommand({ Name: name }));
              parameters.set(name, out.Parameter?.Value ?? '');
            }
            return parameters.get(name)!;
          }
          export const handler = async () => parameter('/app/api-url');
        `),
      },
      {
        name: 'JS: a bounded cache (trimmed when full)',
        code: dedent(`
          const seen = [];
          exports.handler = async (event) => {
            seen.push(event.id);
            if (seen.length > 100) seen.shift();
            return seen.length;
          };
        `),
      },
      {
        name: 'JS: a local array grows only within the invocation',
        code: dedent(`
          exports.handler = async (event) => {
            const results = [];
            for (const r of event.Records) results.push(r.messageId);
            return results;
          };
        `),
      },
      {
        name: 'Python: module-level list filled at init only',
        path: 'app.py',
        code: dedent(`
          ALLOWED = []
          for name in ("a", "b"):
              ALLOWED.append(name)


          def handler(event, context):
              return event["name"] in ALLOWED
        `),
      },
    ],
    invalid: [
      {
        name: 'JS: a /tmp cache read if it exists, otherwise computed and written',
        code: dedent(`
          const fs = require('fs');
          const CACHE = '/tmp/rates.json';
          exports.handler = async () => {
            if (fs.existsSync(CACHE)) return JSON.parse(fs.readFileSync(CACHE, 'utf8'));
            const rates = await fetchRates();
            fs.writeFileSync(CACHE, JSON.stringify(rates));
            return rates;
          };
          async function fetchRates() { return {}; }
        `),
        findings: [{ messageId: 'tmpCache', line: 4, column: 47 }],
      },
      {
        name: 'TS: fs/promises, read first, write after (template path with the key)',
        path: 'handler.ts',
        code: dedent(`
          import { readFile, writeFile } from 'node:fs/promises';
          export const handler = async (event: { key: string }) => {
            let count = 0;
            try {
              count = Number(await readFile(\`/tmp/\${event.key}.count\`, 'utf8'));
            } catch {}
            await writeFile(\`/tmp/\${event.key}.count\`, String(count + 1));
            return count;
          };
        `),
        findings: [{ messageId: 'tmpCache', line: 5, column: 26 }],
      },
      {
        name: 'JS: a module-level array the handler pushes to, and a map keyed by the request',
        code: dedent(`
          const requests = [];
          const sessions = new Map();
          exports.handler = async (event) => {
            requests.push(event);
            sessions.set(event.requestContext.requestId, Date.now());
            return requests.length;
          };
        `),
        findings: [
          { messageId: 'growing', line: 4, column: 3 },
          { messageId: 'growing', line: 5, column: 3 },
        ],
      },
      {
        name: 'Python: a /tmp file read back (FileNotFoundError) and a dict grown per record',
        path: 'app.py',
        code: dedent(`
          import json

          SEEN = {}


          def handler(event, context):
              try:
                  with open("/tmp/state.json") as f:
                      state = json.load(f)
              except FileNotFoundError:
                  state = {}
              for record in event["Records"]:
                  SEEN[record["messageId"]] = True
              with open("/tmp/state.json", "w") as f:
                  json.dump(state, f)
        `),
        findings: [
          { messageId: 'tmpCache', line: 8, column: 14 },
          { messageId: 'growing', line: 13, column: 9 },
        ],
      },
      {
        name: 'Python: pathlib cache',
        path: 'app.py',
        code: dedent(`
          from pathlib import Path

          CACHE = Path("/tmp") / "token.txt"


          def handler(event, context):
              if CACHE.exists():
                  return CACHE.read_text()
              token = "new"
              CACHE.write_text(token)
              return token
        `),
        findings: [{ messageId: 'tmpCache', line: 8, column: 16 }],
      },
    ],
  });
});
