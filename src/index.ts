// Errors (the BatchValidationError class itself: 'cdk8s-batch/lib/errors', since jsii cannot export an Error subclass)
export { BatchErrors, type ValidationErrorDetails } from './errors';

// The exported constants below as static properties, for the other jsii languages
export { BatchConstants } from './constants';

// Shared core: the props every construct takes
export { WorkloadClass, type OwnershipProps, DEFAULT_ANNOTATION_PREFIX, ANNOTATION_PREFIX_CONTEXT } from './core/ownership';
export {
  type BatchContainerProps, type ResourceProps, type SecretEnvVar, type NodePoolProps, type SidecarContainerProps, type SidecarStartupProbe,
} from './core/pod-template';
export { KUEUE_QUEUE_NAME_LABEL } from './core/kueue';
export { type FailurePolicyProps, DEFAULT_PERMANENT_EXIT_CODES } from './core/failure-policy';
export { type JobLimitsProps } from './core/job-limits';
export { type GitOpsProps, GITOPS_CONTEXT } from './core/gitops';
export { GitOpsTool } from './rules/gitops';
export { type WorkloadProps, type FiniteWorkloadProps } from './core/workload';
export { type RuleSuppression, STRICT_COMPLIANCE_CONTEXT } from './core/compliance';
export { KUBERNETES_VERSION_CONTEXT, DEFAULT_KUBERNETES_VERSION } from './core/kubernetes-version';
export { UNIT_OF_WORK_ENV, JOB_NAME_LABEL } from './core/unit-of-work';
export { SCHEDULE_ANALYSIS_START } from './core/schedule-analysis';
export {
  AlertSeverity,
  type AlertProps,
  type CronJobAlertProps,
  type JobAlertProps,
  type QueueWorkerAlertProps,
  type WorkloadAlertProps,
} from './core/alerts';

// Schedule engine
export { CronSchedule, type DstHazard, DstHazardKind } from './schedule/cron-schedule';

// Pattern constructs
export { ConcurrencyPolicy, type ScheduledWorkloadProps } from './core/schedule-policy';
export * from './reconciliation-cron-job';
export * from './migration-job';
export * from './indexed-backfill';
export { type BackfillSuccessPolicy, type BackfillSuccessRule } from './core/success-policy';
export { type ResourceTarget } from './core/rbac';
export * from './cleanup-job';
export * from './queue-worker';
export * from './keda/queue-trigger';

// Explained YAML: synth plus a comment on every value a construct decided
export { ExplainedSynth } from './explain/explained-synth';

// The audit: the rules as code (docs/rules/)
export { BatchAudit } from './rules/audit';
export { RuleSeverity, AuditScope, type Finding, type Suppression, type AuditOptions, type RuleInfo } from './rules/finding';

// Admission: the rules decidable from one object, as ValidatingAdmissionPolicies (docs/admission.md)
export * from './admission';
