/**
 * Schedule expressions as the CDK writes them into templates: `Schedule.rate(Duration.minutes(5))`
 * is `rate(5 minutes)` (aws-events' schedule.ts: whole days, else whole hours, else minutes; singular
 * for 1), `Schedule.cron({ minute: '0/5' })` is `cron(0/5 * * * ? *)`, `Schedule.expression(s)` is `s`;
 * EventBridge Scheduler's `ScheduleExpression` alike (and `at(…)`, one-off, is not periodic).
 */
import { type CodeNode, unwrap } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import type { Value } from '../../model/types';
import { cdkName } from './cdk-names';
import { readNestedProps } from './props';
import { readValue } from './values';

function rate(seconds: number): string | undefined {
  if (seconds <= 0) return undefined;
  const unit = (n: number, word: string) => `rate(${n} ${n === 1 ? word : `${word}s`})`;
  if (seconds % 86400 === 0) return unit(seconds / 86400, 'day');
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  return unit(Math.floor(seconds / 60), 'minute');
}

function cron(model: CodeModel, options: CodeNode | undefined): Value {
  const props = readNestedProps(model, options);
  if (props.open) return { kind: 'dynamic', reason: 'the cron options are not all written here' };
  const field = (name: string): string | undefined | null => {
    const prop = props.byName.get(name);
    if (!prop) return undefined;
    const read = readValue(model, prop.value, 'string');
    return read.value.kind === 'dynamic' ? null : String(read.value.value);
  };
  const names = ['minute', 'hour', 'day', 'month', 'year', 'weekDay'];
  const values = names.map(field);
  if (values.includes(null))
    return { kind: 'dynamic', reason: 'a cron field is not a constant of this file' };
  const [minute, hour, day, month, year, weekDay] = values as (string | undefined)[];
  const dayField = day ?? (weekDay !== undefined ? '?' : '*');
  return {
    kind: 'literal',
    value: `cron(${minute ?? '*'} ${hour ?? '*'} ${dayField} ${month ?? '*'} ${weekDay ?? '?'} ${year ?? '*'})`,
  };
}

/** The expression a `schedule` prop gives (events.Schedule or scheduler.ScheduleExpression). */
export function scheduleExpression(model: CodeModel, node: CodeNode): Value {
  const expr = unwrap(node) ?? node;
  const call = expr.type === 'call_expression' || expr.type === 'call' ? expr : undefined;
  const name = call ? cdkName(model, call.field('function')) : undefined;
  const m =
    name && /^aws_(?:events\.Schedule|scheduler\.ScheduleExpression)\.(rate|cron|expression|at)$/.exec(name);
  if (!call || !m) return { kind: 'dynamic', reason: `\`${expr.text}\` is not a schedule written here` };
  const arg = call.field('arguments')?.items.find((a) => a.type !== 'comment');
  if (m[1] === 'cron') return cron(model, model.family === 'python' ? call : arg);
  if (!arg) return { kind: 'dynamic', reason: 'no schedule argument' };
  if (m[1] === 'at') return { kind: 'dynamic', reason: 'a one-time schedule' };
  if (m[1] === 'expression') {
    const read = readValue(model, arg, 'string');
    return read.value;
  }
  const seconds = readValue(model, arg, 'duration').value;
  if (seconds.kind === 'dynamic') return seconds;
  const expression = rate(Number(seconds.value));
  if (expression === undefined) return { kind: 'dynamic', reason: 'a zero rate' };
  return seconds.kind === 'indirect'
    ? { ...seconds, value: expression }
    : { kind: 'literal', value: expression };
}
