import { AlertSeverity } from './alerts';
import {
  bool, Check, cpu, duration, Field, fieldsOf, finite, int32, list, nonBlankText, oneOf, optional, required, size,
  stringMap, struct, text,
} from './prop-checks';
import { ConcurrencyPolicy } from './schedule-policy';

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
  partOf: optional(text()),
  managedBy: optional(text()),
  slo: optional(text()),
  businessWindow: optional(text()),
  dataClassification: optional(text()),
  maxDownstreamQps: required(finite()),
  completionLedger: optional(text()),
  annotationPrefix: optional(text()),
};

/** BatchContainerProps (with ResourceProps and SecretEnvVar). @internal */
export const CONTAINER: Check = struct({
  image: required(text()),
  resources: required(struct({
    cpu: required(cpu()),
    memory: required(size()),
    memoryLimit: optional(size()),
    cpuLimit: optional(cpu()),
  }), 'cpu and memory requests are required (e.g. { cpu: Cpu.millis(500), memory: Size.mebibytes(512) }); ' +
    'there is no silent default (lesson 25.7)'),
  name: optional(text()),
  command: optional(list(text())),
  args: optional(list(text())),
  env: optional(stringMap(text())),
  secretEnv: optional(list(struct({
    name: required(text()),
    secretName: required(text()),
    key: required(text()),
  }))),
  scratchSpace: optional(size()),
});

/** NodePoolProps. @internal */
export const NODE_POOL: Check = struct({
  enabled: optional(bool()),
  labelKey: optional(text()),
  labelValue: optional(text()),
});

/** WorkloadProps. @internal */
export const WORKLOAD_FIELDS: Record<string, Field> = fieldsOf(OWNERSHIP_FIELDS, {
  name: optional(text()),
  namespace: optional(text()),
  container: required(CONTAINER),
  serviceAccountName: optional(text()),
  useExistingServiceAccount: optional(bool()),
  nodePool: optional(NODE_POOL),
  suppressions: optional(list(struct({ ruleId: required(text()), reason: required(text()) }))),
});

/** FiniteWorkloadProps: WorkloadProps, JobLimitsProps and the failure policy. @internal */
export const FINITE_WORKLOAD_FIELDS: Record<string, Field> = fieldsOf(WORKLOAD_FIELDS, {
  backoffLimit: optional(int32()),
  activeDeadline: optional(duration()),
  ttlAfterFinished: optional(duration()),
  failurePolicy: optional(struct({
    permanentExitCodes: optional(list(finite())),
    ignoreDisruptions: optional(bool()),
  })),
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
  ruleLabels: optional(stringMap(text())),
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
