import { describe } from 'vitest';
import { noKeepWarmHandler } from '../../../src/core/rules/idle/no-keep-warm-handler';
import { dedent, runCodeRuleTests } from '../../helpers/code-rule-tester';

describe('idle/no-keep-warm-handler', () => {
  runCodeRuleTests(noKeepWarmHandler, {
    valid: [
      {
        name: 'JS: a scheduled handler that does real work on aws.events',
        code: dedent(`
          exports.handler = async (event) => {
            if (event.source === 'aws.events') {
              await purgeExpiredOrders();
              return 'purged';
            }
            return process(event);
          };
          async function purgeExpiredOrders() {}
          function process(e) { return e; }
        `),
      },
      {
        name: 'JS: an early return on a business condition',
        code: dedent(`
          export const handler = async (event) => {
            if (event.Records.length === 0) return { batchItemFailures: [] };
            return handle(event.Records);
          };
          const handle = (r) => r;
        `),
      },
      {
        name: 'JS: a warm-named field of something other than the event',
        code: dedent(`
          const config = { warmup: false };
          export const handler = async (event) => {
            if (config.warmup) return 'x';
            return event;
          };
        `),
      },
      {
        name: 'Python: early return for an empty batch',
        path: 'app.py',
        code: dedent(`
          def handler(event, context):
              if not event.get("Records"):
                  return {"batchItemFailures": []}
              return {"ok": True}
        `),
      },
    ],
    invalid: [
      {
        name: 'JS: serverless-plugin-warmup source',
        code: dedent(`
          module.exports.handler = async (event, context) => {
            if (event.source === 'serverless-plugin-warmup') {
              console.log('WarmUp - Lambda is warm!');
              return 'Lambda is warm!';
            }
            return { statusCode: 200 };
          };
        `),
        findings: [{ messageId: 'warmer', line: 2, column: 3 }],
      },
      {
        name: 'TS: event.warmer with a callback',
        path: 'handler.ts',
        code: dedent(`
          import type { Callback, Context } from 'aws-lambda';
          export function handler(event: { warmer?: boolean }, context: Context, callback: Callback) {
            if (event?.warmer) return callback(null, 'warm');
            callback(null, { statusCode: 200 });
          }
        `),
        findings: [{ messageId: 'warmer', line: 3, column: 3 }],
      },
      {
        name: 'JS: a destructured detail-type of a scheduled event that only returns',
        code: dedent(`
          export const handler = async ({ source, 'detail-type': kind, body }) => {
            if (source === 'aws.events' && kind === 'Scheduled Event') return;
            return body;
          };
        `),
        findings: [{ messageId: 'warmer', line: 2, column: 3 }],
      },
      {
        name: 'JS: the lambda-warmer library',
        code: dedent(`
          const warmer = require('lambda-warmer');
          exports.handler = async (event) => {
            if (await warmer(event)) return 'warmed';
            return 'real work';
          };
        `),
        findings: [{ messageId: 'warmer', line: 3, column: 3 }],
      },
      {
        name: "Python: event.get('warmer') and 'warmup' in event",
        path: 'app.py',
        code: dedent(`
          import logging

          logger = logging.getLogger()


          def lambda_handler(event, context):
              if event.get("warmer"):
                  logger.info("warm")
                  return {}
              if "warmup" in event:
                  return
              return {"statusCode": 200}
        `),
        findings: [
          { messageId: 'warmer', line: 7, column: 5 },
          { messageId: 'warmer', line: 10, column: 5 },
        ],
      },
      {
        name: 'Python: the lambdawarmer decorator',
        path: 'app.py',
        code: dedent(`
          import lambdawarmer


          @lambdawarmer.warmer
          def handler(event, context):
              return {"statusCode": 200}
        `),
        findings: [{ messageId: 'warmer', line: 4, column: 1 }],
      },
    ],
  });
});
