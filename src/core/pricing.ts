/**
 * Public AWS Lambda prices used to put a dollar figure on idle capacity. Prices are per GB-second of
 * provisioned concurrency (the charge for keeping environments warm, invoked or not), us-east-1.
 */

/** When the prices below were taken from the AWS Lambda pricing page. */
export const PRICE_DATE = '2026-11';
export const PRICE_REGION = 'us-east-1';

const PROVISIONED_PER_GB_SECOND: Record<'x86_64' | 'arm64', number> = {
  x86_64: 0.0000041667,
  arm64: 0.0000033334,
};

/** Seconds in an average month (730 hours), the unit AWS uses for monthly estimates. */
const SECONDS_PER_MONTH = 730 * 3600;

/** Idle cost per month of provisioned concurrency: executions × memory × price per GB-second. */
export function provisionedIdleCostPerMonth(
  executions: number,
  memoryMb: number,
  architecture: string,
): number {
  const price = PROVISIONED_PER_GB_SECOND[architecture === 'arm64' ? 'arm64' : 'x86_64'];
  return executions * (memoryMb / 1024) * SECONDS_PER_MONTH * price;
}

export function formatDollars(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
