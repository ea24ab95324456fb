import { describe } from 'vitest';
import { noBusyWait } from '../../../src/core/rules/idle/no-busy-wait';
import { dedent, runCodeRuleTests } from '../../helpers/code-rule-tester';

describe('idle/no-busy-wait', () => {
  runCodeRuleTests(noBusyWait, {
    valid: [
      {
        name: 'JS: exponential back-off starting small, bounded attempts (idiomatic retry)',
        code: dedent(`
          const { setTimeout: sleep } = require('node:timers/promises');
          exports.handler = async (event) => {
            for (let attempt = 0; attempt < 5; attempt++) {
              try {
                return await fetch(event.url);
              } catch {
                await sleep(100 * 2 ** attempt + Math.random() * 50);
              }
            }
          };
        `),
      },
      {
        name: 'TS: a short constant back-off through a sleep helper, bounded by a constant',
        path: 'handler.ts',
        code: dedent(`
          const MAX_ATTEMPTS = 3;
          const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
          export const handler = async (): Promise<void> => {
            let attempt = 0;
            while (attempt < MAX_ATTEMPTS) {
              attempt++;
              if (await tryOnce()) return;
              await sleep(250);
            }
          };
          async function tryOnce(): Promise<boolean> {
            return true;
          }
        `),
      },
      {
        name: 'JS: a doubled delay variable starting at 200 ms',
        code: dedent(`
          import { promisify } from 'util';
          const wait = promisify(setTimeout);
          export async function handler() {
            let delay = 200;
            for (let i = 0; i < 4; i++) {
              if (await check()) return;
              await wait(delay);
              delay *= 2;
            }
          }
          async function check() { return false; }
        `),
      },
      {
        name: 'JS: sleeps at module scope (init) and in functions the handler never calls',
        code: dedent(`
          await new Promise((r) => setTimeout(r, 2000));
          async function slowAdminTask() { await new Promise((r) => setTimeout(r, 60000)); }
          export const handler = async () => 'ok';
        `),
      },
      {
        name: 'JS: a plain timer callback is not a wait',
        code: dedent(`
          exports.handler = async () => { setTimeout(() => console.log('later'), 5000); return 1; };
        `),
      },
      {
        name: 'Python: bounded retry with jittered exponential back-off',
        path: 'app.py',
        code: dedent(`
          import random
          import time


          def handler(event, context):
              for attempt in range(5):
                  try:
                      return call(event)
                  except ConnectionError:
                      time.sleep(0.1 * 2**attempt + random.random() / 10)


          def call(event):
              return event
        `),
      },
      {
        name: 'Python: a sub-second asyncio sleep',
        path: 'app.py',
        code: dedent(`
          import asyncio


          async def main(event):
              await asyncio.sleep(0.2)


          def handler(event, context):
              return asyncio.run(main(event))
        `),
      },
      {
        name: 'JS: a bounded retry with back-off after a failure (the sleep in the catch clause)',
        code: dedent(`
          const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
          exports.handler = async () => {
            for (let i = 0; i < 3; i++) { try { return await fn() } catch { await sleep(100 * 2 ** i) } }
          };
          async function fn() { return 1; }
        `),
      },
      {
        name: 'JS: a retry helper bounded by its parameter, back-off from 1 s in the catch clause',
        code: dedent(`
          const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
          async function withRetry(fn, attempts = 3) {
            for (let attempt = 0; attempt < attempts; attempt++) {
              try {
                return await fn();
              } catch (err) {
                await sleep(1000 * 2 ** attempt);
              }
            }
            throw new Error('gave up');
          }
          exports.handler = async (event) => withRetry(() => fetch(event.url));
        `),
      },
      {
        name: 'JS: while (true) retry that throws after three failures',
        code: dedent(`
          const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
          exports.handler = async () => {
            let attempt = 0;
            while (true) {
              try {
                return await fn();
              } catch (err) {
                if (++attempt >= 3) throw err;
                await sleep(200);
              }
            }
          };
          async function fn() { return 1; }
        `),
      },
      {
        name: 'Python: time.sleep(2 ** attempt) in an except, bounded by range',
        path: 'app.py',
        code: dedent(`
          import time


          def handler(event, context):
              for attempt in range(3):
                  try:
                      return call(event)
                  except Exception:
                      time.sleep(2**attempt)


          def call(event):
              return event
        `),
      },
      {
        name: 'Python: while True retry that raises after three failures',
        path: 'app.py',
        code: dedent(`
          import time


          def handler(event, context):
              attempt = 0
              while True:
                  try:
                      return call(event)
                  except ConnectionError:
                      attempt += 1
                      if attempt >= 3:
                          raise
                      time.sleep(0.1 * 2**attempt)


          def call(event):
              return event
        `),
      },
    ],
    invalid: [
      {
        name: 'JS: await new Promise(r => setTimeout(r, 5000))',
        code: dedent(`
          exports.handler = async (event) => {
            await new Promise((r) => setTimeout(r, 5000));
            return event;
          };
        `),
        findings: [{ messageId: 'sleep', line: 2, column: 9 }],
      },
      {
        name: 'JS: timers/promises setTimeout of 2 s in a helper the handler calls',
        code: dedent(`
          import { setTimeout } from 'node:timers/promises';
          const SETTLE_MS = 2 * 1000;
          async function settle() {
            await setTimeout(SETTLE_MS);
          }
          export const handler = async () => {
            await settle();
          };
        `),
        findings: [{ messageId: 'sleep', line: 4, column: 9 }],
      },
      {
        name: 'TS: a polling loop around a sleep helper and a status call',
        path: 'handler.ts',
        code: dedent(`
          import { AthenaClient, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
          const athena = new AthenaClient({});
          const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
          export const handler = async (event: { id: string }) => {
            let state = 'RUNNING';
            while (state === 'RUNNING' || state === 'QUEUED') {
              await sleep(500);
              const out = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: event.id }));
              state = out.QueryExecution?.Status?.State ?? 'FAILED';
            }
            return state;
          };
        `),
        findings: [{ messageId: 'poll', line: 6, column: 3 }],
      },
      {
        name: 'JS: a bounded loop with long waits is still polling; and a clock spin',
        code: dedent(`
          const util = require('util');
          const sleep = util.promisify(setTimeout);
          exports.handler = async () => {
            for (let i = 0; i < 30; i++) {
              if (await done()) break;
              await sleep(2000);
            }
            const end = Date.now() + 100;
            while (Date.now() < end) {}
          };
          async function done() { return false; }
        `),
        findings: [
          { messageId: 'poll', line: 4, column: 3 },
          { messageId: 'spin', line: 9, column: 3 },
        ],
      },
      {
        name: 'Python: time.sleep(2) in the handler',
        path: 'app.py',
        code: dedent(`
          import time


          def lambda_handler(event, context):
              time.sleep(2)
              return {"ok": True}
        `),
        findings: [{ messageId: 'sleep', line: 5, column: 5 }],
      },
      {
        name: 'Python: while True polling with asyncio.sleep (from-import)',
        path: 'app.py',
        code: dedent(`
          from asyncio import sleep


          async def handler(event, context):
              while True:
                  job = await get_job(event["id"])
                  if job["done"]:
                      return job
                  await sleep(0.5)


          async def get_job(job_id):
              return {"done": True}
        `),
        findings: [{ messageId: 'poll', line: 5, column: 5 }],
      },
      {
        name: 'Python: back-off starting at 5 s is polling, not a retry',
        path: 'app.py',
        code: dedent(`
          import time


          def handler(event, context):
              for attempt in range(10):
                  if ready():
                      return True
                  time.sleep(5 * 2**attempt)


          def ready():
              return False
        `),
        findings: [{ messageId: 'poll', line: 5, column: 5 }],
      },
      {
        name: 'JS: polling by exception (waiting for an object to appear) stays flagged',
        code: dedent(`
          const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
          exports.handler = async (event) => {
            while (true) {
              try {
                return await head(event.key);
              } catch {
                await sleep(2000);
              }
            }
          };
          async function head(key) { return key; }
        `),
        findings: [{ messageId: 'poll', line: 3, column: 3 }],
      },
      {
        name: 'Python: a bounded loop polling for a state change, the wait after a round that worked',
        path: 'app.py',
        code: dedent(`
          import time


          def handler(event, context):
              for attempt in range(10):
                  try:
                      if ready():
                          return True
                  except ConnectionError:
                      pass
                  time.sleep(1 * 2**attempt)


          def ready():
              return False
        `),
        findings: [{ messageId: 'poll', line: 5, column: 5 }],
      },
    ],
  });
});
