/**
 * Every serverless.yml of the shared corpus (serverless-examples, and those of serverless-patterns)
 * builds a model without a throw, every rule runs over it, and some values are what the framework
 * would read.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../helpers/corpus';
import { lintModel } from '../helpers/lint-model';
import { readServerless } from '../../src/core/formats/serverless';
import type { ServerlessSemantics } from '../../src/core/formats/serverless';
import { asNumber, asString } from '../../src/core/model/values';

function serviceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) serviceFiles(path, out);
    else if (/^serverless\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function load(path: string): ServerlessSemantics | null {
  return readServerless(readFileSync(path, 'utf8'), path, { readFile: read, projectDir: dirname(path) })
    .model;
}

const files = [
  ...serviceFiles(join(CORPUS, 'serverless-examples')),
  ...serviceFiles(join(CORPUS, 'serverless-patterns')),
];

describe('serverless.yml of the corpus', () => {
  it('finds them', () => {
    expect(files.length).toBeGreaterThanOrEqual(200);
  });

  it('models every AWS service and runs every rule on it without a throw', () => {
    let services = 0;
    let functions = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const { doc, model } = readServerless(text, path, { readFile: read, projectDir: dirname(path) });
      if (!model) continue;
      services++;
      for (const fn of model.functions) {
        functions++;
        for (const key of [
          'runtime',
          'handler',
          'timeout',
          'memory',
          'vpc',
          'layers',
          'architecture',
        ] as const)
          fn.value(key);
        void [
          fn.schedules,
          fn.eventSourceMappings,
          fn.routes,
          fn.asyncInvokers,
          fn.provisioned,
          fn.incomplete,
        ];
        void fn.hasAsyncFailureDestination;
      }
      expect(() => lintModel(model, doc.lines), path).not.toThrow();
    }
    expect(services).toBeGreaterThan(120);
    expect(functions).toBeGreaterThan(200);
  });

  it('reads the values a reader would', () => {
    const byEnd = (suffix: string) => {
      const path = files.find((f) => f.endsWith(suffix));
      if (!path) throw new Error(`no ${suffix} in the corpus`);
      return load(path)!;
    };
    // A scheduled function: its rate is a schedule of the function.
    const cron = byEnd('aws-node-scheduled-cron/serverless.yml');
    expect(cron.functions.flatMap((f) => f.schedules.map((s) => asString(s.expression)))).toContain(
      'rate(1 minute)',
    );
    // A DynamoDB stream named by GetAtt of a table of `resources` feeds the function.
    const streams = byEnd('aws-golang-dynamo-stream-to-elasticsearch/serverless.yml');
    expect(streams.functions.some((f) => f.eventSourceMappings.some((m) => m.kind === 'dynamodb'))).toBe(
      true,
    );
    // An SQS event names its queue with !GetAtt: the queue of `resources` is linked, with SQS's default visibility.
    const queue = byEnd('apigw-http-api-sqs-lambda-sls/serverless.yml')
      .functions.flatMap((f) => f.eventSourceMappings)
      .find((m) => m.kind === 'sqs')?.queue;
    expect(queue?.id).toBe('MySqsQueue');
    // Memory written on a function is read as a number.
    const weather = byEnd('aws-node-scheduled-weather/serverless.yml');
    expect(weather.functions.map((f) => asNumber(f.value('memory')))).not.toContain(undefined);
  });
});
