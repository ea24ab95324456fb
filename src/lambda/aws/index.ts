/**
 * Ownless on AWS, for the CLI and the extension alike (no editor imports): clients from a profile,
 * region and endpoint; ListFunctions; Invoke that waits as long as the function may run; deploy of a
 * deterministic zip, planned then executed; CloudWatch Logs tail; every failure an AwsActionError
 * with a next step.
 */
export {
  type AwsClients,
  type AwsTargetOptions,
  type HttpTimeouts,
  type LambdaClientOptions,
  type ResolvedAwsTarget,
  createAwsClients,
} from './clients';
export {
  type DeployChange,
  type DeployOptions,
  type DeployPlan,
  type DeployRequest,
  type DeployResult,
  type DeployedCode,
  type NewFunctionSettings,
  describePlan,
  executeDeploy,
  planDeploy,
} from './deploy';
export {
  type ActionContext,
  type ActionTarget,
  AwsActionError,
  describeTarget,
  redactSecrets,
  toAwsActionError,
} from './errors';
export { type HandlerCheck, checkHandler } from './handler-check';
export {
  type FunctionErrorDetails,
  type InvokeOptions,
  type InvokeOutcome,
  type InvokeProgress,
  DEFAULT_MARGIN_SECONDS,
  MAX_FUNCTION_TIMEOUT_SECONDS,
  invokeFunction,
  parseFunctionError,
} from './invoke';
export {
  type DeployedFunction,
  type FunctionListing,
  type ListFunctionsOptions,
  DEFAULT_MAX_FUNCTIONS,
  listFunctions,
} from './list-functions';
export { type LogLine, type TailOptions, functionNameOf, logGroupOf, tailLogs } from './logs';
export {
  type AwsConfigPaths,
  type AwsProfile,
  type ProfileKind,
  type RegionSource,
  type ResolvedRegion,
  EMULATOR_DEFAULT_REGION,
  awsConfigPaths,
  listProfiles,
  resolveRegion,
} from './profiles';
export { type ReportSummary, formatReport, parseReportLine } from './report-line';
export {
  type TemplateFunction,
  type TemplateFunctionSearch,
  findTemplateFunction,
} from './template-function';
export {
  type CodeZip,
  type ZipEntry,
  type ZipLimits,
  LAMBDA_UNZIPPED_LIMIT,
  LAMBDA_ZIPPED_LIMIT,
  buildCodeZip,
  exclusionReason,
  formatBytes,
} from './zip';
