/** What every sample builder starts from: the seeded ids, where and when the event happens, the payload. */
import { type Arn, Ids } from './ids';
import type { SampleEventKind, SampleParams } from './types';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

export interface Base {
  ids: Ids;
  region: string;
  account: string;
  partition: string;
  time: Date;
}

/** The seeded generator, region, account and time for a sample; an ARN's region and account win. */
export function baseOf(kind: SampleEventKind, params: SampleParams, arn?: Arn | null): Base {
  const { time, ...rest } = params;
  const date = time === undefined ? new Date() : new Date(time);
  return {
    ids: new Ids(`${kind}\0${JSON.stringify(rest)}`),
    region: arn?.region || params.region || DEFAULT_REGION,
    account: arn?.account || params.account || DEFAULT_ACCOUNT,
    partition: arn?.partition ?? partitionOf(params.region),
    time: Number.isNaN(date.getTime()) ? new Date() : date,
  };
}

/** The ARN partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The payload as the text a service carries: strings as they are, anything else as JSON. */
export function payloadText(payload: unknown, fallback: unknown): string {
  const value = payload === undefined ? fallback : payload;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
