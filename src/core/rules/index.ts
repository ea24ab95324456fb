/** The rule registry: every rule, by id. Ids are stable forever; add rules, never rename one. */
import type { Rule } from './types';
import { clientInHandler } from './idle/client-in-handler';
import { noBusyWait } from './idle/no-busy-wait';
import { noKeepWarm } from './idle/no-keep-warm';
import { noKeepWarmHandler } from './idle/no-keep-warm-handler';
import { noSyncInvoke } from './idle/no-sync-invoke';
import { explicitLimits } from './limits/explicit-limits';
import { memoryBudget } from './limits/memory-budget';
import { timeoutBudget } from './limits/timeout-budget';
import { invalidResource } from './meta/invalid-resource';
import { invalidSuppression } from './meta/invalid-suppression';
import { noContainerImage } from './nomachines/no-container-image';
import { noManagedInstances } from './nomachines/no-managed-instances';
import { noPublicUrl } from './network/no-public-url';
import { noVpc } from './network/no-vpc';
import { noProvisionedConcurrency } from './provisioning/no-provisioned-concurrency';
import { noProvisionedPollers } from './provisioning/no-provisioned-pollers';
import { asyncFailureDestination } from './resilience/async-failure-destination';
import { noHardcodedRegion } from './resilience/no-hardcoded-region';
import { queueVisibility } from './resilience/queue-visibility';
import { streamFailureDestination } from './resilience/stream-failure-destination';
import { reservedConcurrency } from './scaling/reserved-concurrency';
import { ephemeralBudget } from './storage/ephemeral-budget';
import { noEfs } from './storage/no-efs';
import { noEfsPath } from './storage/no-efs-path';
import { noLocalState } from './storage/no-local-state';
import { handlerNotFound } from './unit/handler-not-found';
import { noMonolith } from './unit/no-monolith';
import { noWebServer } from './unit/no-web-server';

export const RULES: readonly Rule[] = [
  noVpc,
  noPublicUrl,
  noEfs,
  ephemeralBudget,
  noContainerImage,
  noManagedInstances,
  noProvisionedConcurrency,
  noProvisionedPollers,
  reservedConcurrency,
  noKeepWarm,
  timeoutBudget,
  memoryBudget,
  explicitLimits,
  noMonolith,
  handlerNotFound,
  asyncFailureDestination,
  streamFailureDestination,
  queueVisibility,
  noHardcodedRegion,
  noBusyWait,
  noSyncInvoke,
  noKeepWarmHandler,
  noLocalState,
  noEfsPath,
  noWebServer,
  clientInHandler,
  invalidSuppression,
  invalidResource,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

/** Where the documentation lives (the repository's docs folder). */
export const DOCS_ROOT = 'https://github.com/ownless-dev/ownless/blob/main/docs/';

/** A rule's documentation page (docs/rules/<id>.md). */
export function docsUrl(ruleId: string): string {
  return `${DOCS_ROOT}rules/${ruleId}.md`;
}
