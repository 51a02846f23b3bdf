import { AdmissionCheck } from './admission-check';
import { activeDeadlineCheck } from './checks/active-deadline';
import { batchNodePoolCheck } from './checks/batch-node-pool';
import { cleanupGuardCheck } from './checks/cleanup-guard';
import { completionLedgerCheck } from './checks/completion-ledger';
import { cronjobOverlapGuardCheck } from './checks/cronjob-overlap-guard';
import { cronjobTimezoneCheck } from './checks/cronjob-timezone';
import { disruptionNotCountedCheck } from './checks/disruption-not-counted';
import { failedJobsRetainedCheck } from './checks/failed-jobs-retained';
import { idempotencyKeyCheck } from './checks/idempotency-key';
import { imagePinnedCheck } from './checks/image-pinned';
import { jobSidecarNeverExitsCheck } from './checks/job-sidecar-never-exits';
import { memoryLimitCheck } from './checks/memory-limit';
import { migrationNoBlindRetryCheck } from './checks/migration-no-blind-retry';
import { ownerAnnotationCheck } from './checks/owner-annotation';
import { podFailurePolicyCheck } from './checks/pod-failure-policy';
import { resourceRequestsCheck } from './checks/resource-requests';
import { restartPolicyCheck } from './checks/restart-policy';
import { retentionCheck } from './checks/retention';
import { runbookAnnotationCheck } from './checks/runbook-annotation';
import { suppressionReasonCheck } from './checks/suppression-reason';
import { unitOfWorkEnvCheck } from './checks/unit-of-work-env';
import { workloadClassCheck } from './checks/workload-class';

/** Node pool convention the batch-node-pool check reads (the audit's batchPoolKey / batchPoolValue). */
export interface BatchPool {
  readonly key: string;
  readonly value: string;
}

/**
 * The rules enforced at admission, in the catalogue's order. Every rule of the catalogue is here
 * or in {@link NOT_AT_ADMISSION} (a test holds that), so a new rule must be placed.
 */
export function admissionChecks(batchPool: BatchPool): AdmissionCheck[] {
  return [
    workloadClassCheck,
    idempotencyKeyCheck,
    unitOfWorkEnvCheck,
    podFailurePolicyCheck,
    disruptionNotCountedCheck,
    restartPolicyCheck,
    activeDeadlineCheck,
    retentionCheck,
    failedJobsRetainedCheck,
    resourceRequestsCheck,
    memoryLimitCheck,
    cronjobTimezoneCheck,
    cronjobOverlapGuardCheck,
    ownerAnnotationCheck,
    runbookAnnotationCheck,
    completionLedgerCheck,
    migrationNoBlindRetryCheck,
    cleanupGuardCheck,
    batchNodePoolCheck(batchPool.key, batchPool.value),
    imagePinnedCheck,
    suppressionReasonCheck,
    jobSidecarNeverExitsCheck,
  ];
}

/** Why the API server cannot decide a rule from the object it admits. */
const SEVERAL_OBJECTS = 'needs several objects';
const DEFAULTED = 'the API server fills in the default before admission policies see the object, so "not set explicitly" cannot be told from the default';

/**
 * The rules left to synth and CI, with the reason (docs/admission.md prints this table; a test
 * keeps the two in step).
 */
export const NOT_AT_ADMISSION: Readonly<Record<string, string>> = {
  'backoff-limit-explicit': `${DEFAULTED} (backoffLimit 6)`,
  'cronjob-concurrency-policy': `${DEFAULTED} (concurrencyPolicy Allow)`,
  'downstream-qps': 'reads the annotation as a JavaScript number (hex, exponents, overflow to Infinity); not yet spelled in CEL with the same verdict on every string',
  'queue-worker-graceful-stop': 'reads the annotation as a JavaScript number (hex, exponents, overflow to Infinity); not yet spelled in CEL with the same verdict on every string',
  'cronjob-starting-deadline': 'compares with the gaps of the cron schedule, which needs the schedule engine (and the default is indistinguishable from unset only in part)',
  'cronjob-deadline-fits-interval': 'compares with the shortest gap of the cron schedule, which needs the schedule engine',
  'cronjob-dst-hazard': 'daylight-saving-time analysis of the schedule in its zone needs the schedule engine and the tz database',
  'cronjob-schedule': 'parses the cron schedule with the schedule engine',
  'freshness-alert': `${SEVERAL_OBJECTS}: a PrometheusRule alert for the workload`,
  'dedicated-service-account': `${SEVERAL_OBJECTS}: whether a Role is bound to the account and the ServiceAccount's own automount setting`,
  'rbac-no-wildcards': 'judges Roles and ClusterRoles, not workloads; the policies match batch workloads only',
  'migration-dedicated-service-account': `${SEVERAL_OBJECTS}: every other workload using the same ServiceAccount`,
  'broad-access-trusted-pool': `${SEVERAL_OBJECTS}: the Roles bound to the workload's ServiceAccount`,
  'queue-worker-scaling': `${SEVERAL_OBJECTS}: the KEDA ScaledObject or HorizontalPodAutoscaler that scales the worker`,
  'pod-security-restricted': 'Pod Security Admission enforces the "restricted" standard on the pods themselves: label the namespaces instead (see "Pod security")',
  'field-invalid': 'the API server validates field types and values itself, before admission policies',
  'field-needs-newer-kubernetes': 'the API server drops or rejects fields it does not know itself; the rule is for CI, before a manifest reaches an older cluster',
  'annotations-too-large': 'the API server enforces the annotation size limit itself',
  'too-large-for-client-side-apply': 'about the client: by admission time kubectl apply has already written (or failed to write) its annotation',
  'api-version-removed': 'the API server does not serve removed versions, so such an object never reaches admission',
  'duplicate-object': `${SEVERAL_OBJECTS}: the other documents of the manifest set`,
  'gitops-finished-job-rerun': 'depends on which GitOps tool applies the set, which the admitted object does not say',
};
