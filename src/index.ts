// Errors (the BatchValidationError class itself: 'cdk8s-batch/lib/errors', since jsii cannot export an Error subclass)
export { BatchErrors, ValidationErrorDetails } from './errors';

// Shared core: the props every construct takes
export { WorkloadClass, OwnershipProps, DEFAULT_ANNOTATION_PREFIX, ANNOTATION_PREFIX_CONTEXT } from './core/ownership';
export { BatchContainerProps, ResourceProps, SecretEnvVar, NodePoolProps } from './core/pod-template';
export { FailurePolicyProps, DEFAULT_PERMANENT_EXIT_CODES } from './core/failure-policy';
export { JobLimitsProps } from './core/job-limits';
export { WorkloadProps, FiniteWorkloadProps } from './core/workload';
export { RuleSuppression, STRICT_COMPLIANCE_CONTEXT } from './core/compliance';
export { UNIT_OF_WORK_ENV, JOB_NAME_LABEL } from './core/unit-of-work';
export { SCHEDULE_ANALYSIS_START } from './core/schedule-analysis';

// Schedule engine
export * from './schedule/cron-schedule';

// Pattern constructs
export { ConcurrencyPolicy, ScheduledWorkloadProps } from './core/schedule-policy';
export * from './reconciliation-cron-job';
export * from './migration-job';

// The checklist as code
export { BatchAudit } from './rules/audit';
export { RuleSeverity, Finding, Suppression, AuditOptions, RuleInfo } from './rules/finding';
export * from './indexed-backfill';
export { ResourceTarget } from './core/rbac';
export * from './cleanup-job';
export * from './queue-worker';
export * from './keda/queue-trigger';
export { AlertProps, AlertSeverity, CronJobAlertProps, JobAlertProps, QueueWorkerAlertProps, WorkloadAlertProps } from './core/alerts';
