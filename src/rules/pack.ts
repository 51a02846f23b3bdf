import { activeDeadline } from './checks/active-deadline';
import { annotationsTooLarge } from './checks/annotations-too-large';
import { apiVersionRemoved } from './checks/api-version-removed';
import { backoffLimitExplicit } from './checks/backoff-limit-explicit';
import { batchNodePool } from './checks/batch-node-pool';
import { broadAccessTrustedPool } from './checks/broad-access-trusted-pool';
import { cleanupGuard } from './checks/cleanup-guard';
import { completionLedger } from './checks/completion-ledger';
import { cronjobConcurrencyPolicy } from './checks/cronjob-concurrency-policy';
import { cronjobDeadlineFitsInterval } from './checks/cronjob-deadline-fits-interval';
import { cronjobDstHazard } from './checks/cronjob-dst-hazard';
import { cronjobOverlapGuard } from './checks/cronjob-overlap-guard';
import { cronjobSchedule } from './checks/cronjob-schedule';
import { cronjobStartingDeadline } from './checks/cronjob-starting-deadline';
import { cronjobTimezone } from './checks/cronjob-timezone';
import { dedicatedServiceAccount } from './checks/dedicated-service-account';
import { disruptionNotCounted } from './checks/disruption-not-counted';
import { downstreamQps } from './checks/downstream-qps';
import { duplicateObject } from './checks/duplicate-object';
import { failedJobsRetained } from './checks/failed-jobs-retained';
import { fieldInvalid } from './checks/field-invalid';
import { fieldNeedsNewerKubernetes } from './checks/field-needs-newer-kubernetes';
import { freshnessAlert } from './checks/freshness-alert';
import { gitopsFinishedJobRerun } from './checks/gitops-finished-job-rerun';
import { idempotencyKey } from './checks/idempotency-key';
import { imagePinned } from './checks/image-pinned';
import { jobSidecarNeverExits } from './checks/job-sidecar-never-exits';
import { memoryLimit } from './checks/memory-limit';
import { migrationDedicatedServiceAccount } from './checks/migration-dedicated-service-account';
import { migrationNoBlindRetry } from './checks/migration-no-blind-retry';
import { ownerAnnotation } from './checks/owner-annotation';
import { podFailurePolicy } from './checks/pod-failure-policy';
import { podSecurityRestricted } from './checks/pod-security-restricted';
import { queueWorkerGracefulStop } from './checks/queue-worker-graceful-stop';
import { queueWorkerScaling } from './checks/queue-worker-scaling';
import { rbacNoWildcards } from './checks/rbac-no-wildcards';
import { resourceRequests } from './checks/resource-requests';
import { restartPolicy } from './checks/restart-policy';
import { retention } from './checks/retention';
import { runbookAnnotation } from './checks/runbook-annotation';
import { suppressionReason } from './checks/suppression-reason';
import { tooLargeForClientSideApply } from './checks/too-large-for-client-side-apply';
import { unitOfWorkEnv } from './checks/unit-of-work-env';
import { workloadClass } from './checks/workload-class';
import { Rule } from './rule';

/**
 * Every rule, in the order of docs/rules/README.md (findings come out in this order per object): the batch rules, then
 * the rules that guard the audit itself: `cronjob-schedule`, the Kubernetes validity rules
 * (`field-invalid`, `field-needs-newer-kubernetes`, `annotations-too-large`,
 * `too-large-for-client-side-apply`), `suppression-reason`, `api-version-removed` and
 * `duplicate-object`; then `gitops-finished-job-rerun` and `job-sidecar-never-exits`.
 */
export const RULES: readonly Rule[] = [
  workloadClass,
  idempotencyKey,
  unitOfWorkEnv,
  podFailurePolicy,
  disruptionNotCounted,
  restartPolicy,
  backoffLimitExplicit,
  activeDeadline,
  retention,
  failedJobsRetained,
  resourceRequests,
  memoryLimit,
  downstreamQps,
  cronjobTimezone,
  cronjobConcurrencyPolicy,
  cronjobStartingDeadline,
  cronjobOverlapGuard,
  cronjobDeadlineFitsInterval,
  cronjobDstHazard,
  ownerAnnotation,
  runbookAnnotation,
  completionLedger,
  freshnessAlert,
  dedicatedServiceAccount,
  rbacNoWildcards,
  migrationDedicatedServiceAccount,
  migrationNoBlindRetry,
  cleanupGuard,
  broadAccessTrustedPool,
  batchNodePool,
  queueWorkerScaling,
  queueWorkerGracefulStop,
  podSecurityRestricted,
  imagePinned,
  cronjobSchedule,
  fieldInvalid,
  fieldNeedsNewerKubernetes,
  annotationsTooLarge,
  tooLargeForClientSideApply,
  suppressionReason,
  apiVersionRemoved,
  duplicateObject,
  gitopsFinishedJobRerun,
  jobSidecarNeverExits,
];
