import { AlertSeverity } from './alerts';
import { checkExitCodes } from './failure-policy';
import { checkJobManagedBy, checkQueueName } from './kueue';
import { checkKeyPrefix, checkLabelValue, checkObjectName, isDns1123Label, isLabelKey } from './names';
import { checkImage } from './pod-template';
import {
  bool, Check, cpu, duration, Field, fieldsOf, finite, int32, list, nonBlankText, oneOf, optional, PropPath, required, size,
  stringMap, struct, text, textWhere,
} from './prop-checks';
import { ConcurrencyPolicy } from './schedule-policy';
import { invalid } from '../errors';
import { GitOpsTool } from '../rules/gitops';

/*
 * Kubernetes' rules that need nothing but the value, checked with the types so they fail before
 * anything is built (the code that writes the field checks them again, with the same message).
 */

/** A label value (partOf, managedBy, node pool value, partition keys...). @internal */
export const LABEL_VALUE: Check = textWhere(checkLabelValue);

const NAMESPACE: Check = textWhere((where, prop, value) => checkObjectName(where, prop, value, 63, 'namespace names are DNS-1123 labels'));

const CONTAINER_NAME: Check = textWhere((where, prop, value) => {
  if (!isDns1123Label(value)) throw invalid(where, prop, value, 'a container name must be a DNS-1123 label (at most 63 characters)');
});

const LABEL_KEY: Check = textWhere((where, prop, value) => {
  if (!isLabelKey(value)) throw invalid(where, prop, value, 'must be a valid Kubernetes label key ([prefix/]name)');
});

/** A map of Kubernetes labels (keys and values), e.g. a label selector's matchLabels. @internal */
export const LABEL_MAP: Check = stringMap(LABEL_VALUE, (name: string, at: PropPath) => {
  if (!isLabelKey(name)) at.fail(name, 'a Kubernetes label key ([prefix/]name)');
});

const EXIT_CODES: Check = (value, at) => {
  list(finite())(value, at);
  checkExitCodes(at.where, value as number[]);
};

/*
 * The run-time shapes of the props structs every construct shares (see prop-checks.ts for why
 * they exist). A construct builds its own shape from these fields plus its own props, and checks
 * it before anything else. Ranges that depend on other props (parallelism up to the number of
 * partitions, fallback replicas up to the maximum) are checked where those props are combined.
 */

/** OwnershipProps. @internal */
export const OWNERSHIP_FIELDS: Record<string, Field> = {
  owner: required(text()),
  runbook: required(text()),
  partOf: optional(LABEL_VALUE),
  managedBy: optional(LABEL_VALUE),
  slo: optional(text()),
  businessWindow: optional(text()),
  dataClassification: optional(LABEL_VALUE),
  maxDownstreamQps: required(finite()),
  completionLedger: optional(text()),
  annotationPrefix: optional(textWhere(checkKeyPrefix)),
};

/** The fields a main container and a sidecar share (ResourceProps and SecretEnvVar included). */
const CONTAINER_FIELDS: Record<string, Field> = {
  image: required(textWhere((where, prop, value) => checkImage(where, value, prop))),
  resources: required(struct({
    cpu: required(cpu()),
    memory: required(size()),
    memoryLimit: optional(size()),
    cpuLimit: optional(cpu()),
  }), 'cpu and memory requests are required (e.g. { cpu: Cpu.millis(500), memory: Size.mebibytes(512) }); ' +
    'there is no silent default'),
  command: optional(list(text())),
  args: optional(list(text())),
  env: optional(stringMap(text())),
  secretEnv: optional(list(struct({
    name: required(text()),
    secretName: required(text()),
    key: required(text()),
  }))),
  scratchSpace: optional(size()),
};

/** BatchContainerProps. @internal */
export const CONTAINER: Check = struct(fieldsOf(CONTAINER_FIELDS, { name: optional(CONTAINER_NAME) }));

/** SidecarContainerProps (with SidecarStartupProbe). @internal */
export const SIDECAR: Check = struct(fieldsOf(CONTAINER_FIELDS, {
  name: required(CONTAINER_NAME),
  startupProbe: optional(struct({
    port: required(int32({ min: 1, max: 65535, why: 'a port number (Kubernetes validatePortNumOrName)' })),
    httpPath: optional(text()),
    timeout: optional(duration()),
  })),
}));

/** NodePoolProps. @internal */
export const NODE_POOL: Check = struct({
  enabled: optional(bool()),
  labelKey: optional(LABEL_KEY),
  labelValue: optional(LABEL_VALUE),
});

/** WorkloadProps. @internal */
export const WORKLOAD_FIELDS: Record<string, Field> = fieldsOf(OWNERSHIP_FIELDS, {
  name: optional(text()),
  namespace: optional(NAMESPACE),
  container: required(CONTAINER),
  serviceAccountName: optional(text()),
  useExistingServiceAccount: optional(bool()),
  nodePool: optional(NODE_POOL),
  suppressions: optional(list(struct({ ruleId: required(text()), reason: required(text()) }))),
});

/** GitOpsProps. @internal */
export const GITOPS_FIELDS: Record<string, Field> = {
  gitOps: optional(oneOf('GitOpsTool', GitOpsTool)),
};

/** FiniteWorkloadProps: WorkloadProps, JobLimitsProps and the failure policy. @internal */
export const FINITE_WORKLOAD_FIELDS: Record<string, Field> = fieldsOf(WORKLOAD_FIELDS, {
  backoffLimit: optional(int32()),
  activeDeadline: optional(duration()),
  ttlAfterFinished: optional(duration()),
  failurePolicy: optional(struct({
    permanentExitCodes: optional(EXIT_CODES),
    ignoreDisruptions: optional(bool()),
  })),
  sidecars: optional(list(SIDECAR)),
  queueName: optional(textWhere(checkQueueName)),
  jobManagedBy: optional(textWhere(checkJobManagedBy)),
});

/** ScheduledWorkloadProps. @internal */
export const SCHEDULE_FIELDS: Record<string, Field> = {
  schedule: required(text()),
  timeZone: optional(text()),
  concurrencyPolicy: optional(oneOf('ConcurrencyPolicy', ConcurrencyPolicy)),
  overlapSafeReason: optional(text()),
  startingDeadline: optional(duration()),
  successfulJobsHistoryLimit: optional(int32()),
  failedJobsHistoryLimit: optional(int32()),
  suspend: optional(bool()),
  deadlineExceedsIntervalReason: optional(text()),
  dstHazardReason: optional(text()),
};

/** AlertProps. @internal */
const ALERT_FIELDS: Record<string, Field> = {
  enabled: optional(bool()),
  disabledReason: optional(text()),
  severity: optional(oneOf('AlertSeverity', AlertSeverity)),
  ruleLabels: optional(LABEL_MAP),
  routingLabels: optional(stringMap(text())),
  displayName: optional(nonBlankText()),
};

/** CronJobAlertProps. @internal */
export const CRON_JOB_ALERTS: Check = struct(fieldsOf(ALERT_FIELDS, { freshnessWindow: optional(duration()) }));

/** JobAlertProps. @internal */
export const JOB_ALERTS: Check = struct(fieldsOf(ALERT_FIELDS, { completionGrace: optional(duration()) }));

/** WorkloadAlertProps: a CleanupJob's alerts, one-off or scheduled. @internal */
export const WORKLOAD_ALERTS: Check = struct(fieldsOf(ALERT_FIELDS, {
  freshnessWindow: optional(duration()),
  completionGrace: optional(duration()),
}));

/** QueueWorkerAlertProps. @internal */
export const QUEUE_WORKER_ALERTS: Check = struct(fieldsOf(ALERT_FIELDS, {
  backlogQuery: optional(text()),
  backlogThreshold: optional(finite()),
  backlogFor: optional(duration()),
  atMaxReplicasFor: optional(duration()),
}));
