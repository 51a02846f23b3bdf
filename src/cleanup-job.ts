import { ApiObject, Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { addJobAlerts, WorkloadAlertProps } from './core/alerts';
import { contentHash, NAME_HASH_LENGTH } from './core/content-hash';
import { carryReasons, explain, explainFields, explainItem, unlessSet } from './core/decisions';
import { INT32_MAX, wholeNumber, wholeSeconds } from './core/durations';
import { buildPodFailurePolicy, PermanentFailureAction } from './core/failure-policy';
import { GitOpsProps, lifetimeAnnotations, resolveGitOpsTool } from './core/gitops';
import { resolveJobLimits } from './core/job-limits';
import { finiteJobSpec, KUBE_JOB, managedByField, scheduledCronJob } from './core/job-objects';
import { kubeObject } from './core/kube-object';
import { jobControls } from './core/kueue';
import { checkLabelValue, CRONJOB_NAME_MAX, JOB_NAME_MAX } from './core/names';
import { requireText, WorkloadClass } from './core/ownership';
import { buildPodTemplate } from './core/pod-template';
import { bool, checkProps, fieldsOf, finite, int32, list, nonBlankText, optional, required, struct, text } from './core/prop-checks';
import { FINITE_WORKLOAD_FIELDS, GITOPS_FIELDS, LABEL_VALUE, SCHEDULE_FIELDS, WORKLOAD_ALERTS } from './core/prop-shapes';
import { AccessMode, GeneratedRbac, leastPrivilegeRbac, policyRules, ResourceTarget } from './core/rbac';
import { resolveSchedulePolicy, SchedulePolicy, ScheduledWorkloadProps } from './core/schedule-policy';
import { companionAnnotations, FiniteWorkloadProps, prepareWorkload } from './core/workload';
import { BatchValidationError, invalid } from './errors';
import { GitOpsTool } from './rules/gitops';

/**
 * Props of a CleanupJob.
 */
export interface CleanupJobProps extends FiniteWorkloadProps, GitOpsProps {
  /**
   * Where the run writes its candidate set before deleting and its deletion log while deleting
   * ("write candidate set to durable audit artifact", "record each deletion"), as an
   * absolute URL such as `s3://audit-bucket/cleanup/expired-sessions`. Passed as
   * `AUDIT_LOCATION` and annotated `<prefix>/audit-location`. The container writes under
   * `<AUDIT_LOCATION>/<UNIT_OF_WORK_ID>/` (`candidates.jsonl`, `deletions.jsonl`).
   */
  readonly auditLocation: string;

  /**
   * Only report what would be deleted (`DRY_RUN=true`). Deleting for real needs `dryRun: false`
   * and a positive `maxDeletions`.
   * @default true - a cleanup proves its candidate set before it deletes
   */
  readonly dryRun?: boolean;

  /**
   * The most objects one run may delete (`MAX_DELETIONS`); above it the run must stop without
   * deleting (validate scope thresholds). Required when `dryRun` is false; with a
   * dry run it tells the report whether the threshold would stop a real run.
   * @default - none (allowed only with a dry run)
   */
  readonly maxDeletions?: number;

  /**
   * Deletions per second at most (`DELETE_RATE_PER_SECOND`); at most `maxDownstreamQps`, since
   * every deletion is a request to the downstream.
   * @default - 10, or maxDownstreamQps when lower
   */
  readonly deleteRatePerSecond?: number;

  /**
   * Candidates fetched and deleted per page (`PAGE_SIZE`), 1 to 10000 (delete in pages).
   * Each page fetch counts as one more request in the deletion budget (see `CleanupJob`).
   * @default 100
   */
  readonly pageSize?: number;

  /**
   * The Kubernetes objects the cleanup reads and deletes. A namespaced Role is generated with
   * exactly these resources and only `get`, `list` and (unless `dryRun`) `delete`, bound to the
   * job's own ServiceAccount, whose token is then mounted. Leave unset for cleanup outside
   * Kubernetes (object storage, database rows): then there is no RBAC and no token.
   * @default - no Kubernetes access
   */
  readonly targets?: ResourceTarget[];

  /**
   * Grant the targets in every namespace (ClusterRole and ClusterRoleBinding) instead of the
   * workload's namespace. Explicit opt-in: the pod then runs on the trusted node pool.
   * @default false
   */
  readonly clusterWide?: boolean;

  /**
   * Value of the `<prefix>/node-pool` node label of the trusted pool. A pod whose account can
   * delete objects, touch Secrets or act cluster-wide selects it (workloads with broad
   * API access run on trusted node pools; rule broad-access-trusted-pool). The batch pool
   * selector stays too, so the trusted nodes must carry both labels, or set `nodePool`.
   * @default "trusted"
   */
  readonly trustedNodePool?: string;

  /**
   * Run on a timetable: a CronJob with the same schedule validation and defaults as
   * ReconciliationCronJob (time zone `Etc/UTC`, `Forbid`, starting deadline, history limits,
   * deadline below the shortest gap). Without it the cleanup is a one-off Job.
   * @default - a one-off Job
   */
  readonly cron?: ScheduledWorkloadProps;

  /**
   * The idempotency key scheme (annotation `<prefix>/idempotency-key`).
   * @default "<name>:{candidateId}" - a deletion is keyed by the candidate it removes; deleting an
   * already deleted candidate is a recorded no-op
   */
  readonly idempotencyKey?: string;

  /**
   * Alerts (PrometheusRule): scheduled, last successful run older than the freshness window; one-off,
   * the Job failed or has not completed by its deadline.
   * @default - on
   */
  readonly alerts?: WorkloadAlertProps;
}

/** The run-time shape of CleanupJobProps (see core/prop-checks.ts). */
const PROPS_SHAPE = struct(fieldsOf(FINITE_WORKLOAD_FIELDS, GITOPS_FIELDS, {
  auditLocation: required(text(), 'required: an absolute URL of durable storage for the candidate set and deletion log (no audit means no cleanup)'),
  dryRun: optional(bool()),
  maxDeletions: optional(int32()),
  deleteRatePerSecond: optional(finite()),
  pageSize: optional(int32()),
  targets: optional(list(struct({
    apiGroup: required(text()),
    resource: required(text()),
    resourceNames: optional(list(text())),
  }))),
  clusterWide: optional(bool()),
  trustedNodePool: optional(LABEL_VALUE),
  cron: optional(struct(SCHEDULE_FIELDS)),
  idempotencyKey: optional(nonBlankText()),
  alerts: optional(WORKLOAD_ALERTS),
}));

const DEFAULT_BACKOFF_LIMIT = 1;
const BACKOFF_LIMIT_REASON = 'one retry for a transient failure; a cleanup that fails twice needs a human before it deletes ' +
  'more (rule backoff-limit-explicit)';
const ONE_OFF_DEADLINE_REASON = 'a cleanup still running after an hour is stuck: Kubernetes stops it and the Job fails (rule active-deadline)';
const DEFAULT_ACTIVE_DEADLINE = Duration.hours(1);
const DEFAULT_DELETE_RATE = 10;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 10_000;
const DEFAULT_TRUSTED_POOL = 'trusted';
const AUDIT_SCHEMES = ['s3:', 'gs:', 'az:', 'abfss:', 'https:', 'file:'];
/** Props of ScheduledWorkloadProps: their errors are reported under `cron.`. */
const CRON_PROPS = new Set(['schedule', 'timeZone', 'concurrencyPolicy', 'overlapSafeReason', 'startingDeadline',
  'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'suspend', 'deadlineExceedsIntervalReason', 'dstHazardReason']);

/**
 * A cleanup that cannot silently delete unbounded resources: dry run by
 * default, a deletion threshold before anything is deleted, an audit trail, rate limit and
 * pagination, and least-privilege RBAC generated from what it cleans.
 *
 * Creates a Job (one-off, named `<name>-<hash>` because a Job's template is immutable: flipping
 * `dryRun` is a new Job) or a CronJob (`cron` given, named as given), the dedicated
 * ServiceAccount, and, when `targets` are given, a Role and RoleBinding (ClusterRole and
 * ClusterRoleBinding with `clusterWide`).
 *
 * The container gets `DRY_RUN`, `MAX_DELETIONS` (when set), `AUDIT_LOCATION`,
 * `DELETE_RATE_PER_SECOND`, `PAGE_SIZE` and, with targets, `CLEANUP_TARGETS` (JSON).
 * Defaults: `backoffLimit` 1, `activeDeadlineSeconds` 3600 (scheduled: below the shortest gap,
 * at most an hour), TTL 7 days, disruptions ignored.
 *
 * Deletion budget: a run that deletes (`dryRun: false`) must be able to delete `maxDeletions`
 * at `deleteRatePerSecond` before its deadline, or the deadline stops it half done. It needs
 * `(maxDeletions + ceil(maxDeletions / pageSize)) / deleteRatePerSecond` seconds: one request per
 * deletion and one per page fetched, all under the same rate limit. The default deadline is that
 * time plus 50% headroom (for writing the candidate set and the deletion log, and slow pages),
 * when that is longer than the default above; scheduled, it must still fit between runs. An
 * explicit `activeDeadline` shorter than the time needed (without headroom) is a synth error
 * showing the arithmetic. The arithmetic is written as the `<prefix>/deadline-budget` annotation.
 */
export class CleanupJob extends Construct {
  /** The Job, when the cleanup is one-off. */
  public readonly job?: ApiObject;
  /** The CronJob, when the cleanup is scheduled. */
  public readonly cronJob?: ApiObject;
  /** The dedicated ServiceAccount, unless an existing one was used. */
  public readonly serviceAccount?: ApiObject;
  /** The Role or ClusterRole, when targets are given. */
  public readonly role?: ApiObject;
  /** The RoleBinding or ClusterRoleBinding, when targets are given. */
  public readonly roleBinding?: ApiObject;
  /** Name of the Job or CronJob. */
  public readonly workloadName: string;
  /** Whether the pod may delete (dryRun false). */
  public readonly deletes: boolean;
  /** Whether the pod was pinned to the trusted node pool. */
  public readonly onTrustedPool: boolean;
  /** The alerts, unless turned off. */
  public readonly alerts?: ApiObject;

  constructor(scope: Construct, id: string, props: CleanupJobProps) {
    super(scope, id);
    checkProps(this, props, PROPS_SHAPE);
    const guard = deletionGuard(this, props);
    this.deletes = !guard.dryRun;
    const auditLocation = checkAuditLocation(this, props.auditLocation);
    const rate = deleteRate(this, props);
    const pageSize = wholeNumber(this, 'pageSize', props.pageSize ?? DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE,
      'pages keep each list and delete burst bounded');
    const trustedPool = checkLabelValue(this, 'trustedNodePool', requireText(this, 'trustedNodePool', props.trustedNodePool ?? DEFAULT_TRUSTED_POOL));
    const scheduled = props.cron !== undefined;
    const budget = guard.dryRun ? undefined : deletionBudget(this, guard.maxDeletions!, rate, pageSize);
    const policy = scheduled ? budgetedSchedulePolicy(this, props, budget) : undefined;
    const deadlineSeconds = policy?.limits.activeDeadlineSeconds ?? oneOffDeadlineSeconds(this, props, budget);
    const targets = props.targets;
    if (targets !== undefined && targets.length === 0) {
      throw invalid(this, 'targets', targets, 'leave it unset for cleanup outside Kubernetes, or list at least one resource');
    }
    if (props.clusterWide && targets === undefined) {
      throw invalid(this, 'clusterWide', true, 'cluster-wide access needs targets: the resources the cleanup may read and delete');
    }
    const mode = guard.dryRun ? AccessMode.READ : AccessMode.READ_DELETE;
    if (targets !== undefined) {
      // Validated before any object exists, so a bad target fails before the ServiceAccount is made.
      policyRules(this, targets, mode, props.clusterWide ?? false);
    }

    const baseName = props.name ?? id;
    // Only the one-off Job is in Git; the Jobs a CronJob creates are not, so no tool re-creates them.
    const gitOps = resolveGitOpsTool(this, props.gitOps);
    const oneOffUnder = scheduled ? GitOpsTool.NONE : gitOps;
    const workload = prepareWorkload(this, { ...props, name: baseName, completionLedger: props.completionLedger ?? `the deletion log under ${auditLocation}` }, {
      workloadClass: WorkloadClass.CLEANUP,
      defaultName: baseName,
      maxNameLength: scheduled ? CRONJOB_NAME_MAX : JOB_NAME_MAX - 1 - NAME_HASH_LENGTH,
      nameLimitReason: scheduled
        ? 'the CronJob controller appends 11 characters to name each Job, and Job names must fit a 63-character label'
        : `the Job is named <name>-<${NAME_HASH_LENGTH}-character hash>, which must fit the 63-character batch.kubernetes.io/job-name label`,
      mountServiceAccountToken: targets !== undefined,
      extraAnnotations: {
        'idempotency-key': props.idempotencyKey === undefined ? `${baseName}:{candidateId}` : requireText(this, 'idempotencyKey', props.idempotencyKey),
        'audit-location': auditLocation,
        'dry-run': String(guard.dryRun),
        'max-deletions': guard.maxDeletions === undefined ? undefined : String(guard.maxDeletions),
        'deadline-budget': budget === undefined ? undefined : budgetText(budget, deadlineSeconds, props.activeDeadline !== undefined),
        ...policy?.annotations,
        ...lifetimeAnnotations(oneOffUnder),
      },
      suppressions: policy?.suppressions,
      annotationReasons: {
        ...policy?.annotationReasons,
        'idempotency-key': unlessSet(props.idempotencyKey, 'a deletion is keyed by the candidate it removes: deleting it again is a recorded no-op'),
        'completion-ledger': unlessSet(props.completionLedger, 'the deletion log records every deletion of a run (rule completion-ledger)'),
        'dry-run': 'whether this run only reports (true) or deletes (false) (rule cleanup-guard)',
        'deadline-budget': 'the arithmetic of the deletion time: one request per deletion and per page, at the rate limit',
      },
    });
    this.serviceAccount = workload.serviceAccount;
    const { labels, podLabels, annotations, prefix } = workload.metadata;

    let rbac: GeneratedRbac | undefined;
    if (targets !== undefined) {
      rbac = leastPrivilegeRbac(this, {
        name: baseName,
        namespace: subjectNamespace(this, workload.namespace),
        serviceAccountName: workload.serviceAccountName,
        targets,
        mode,
        clusterWide: props.clusterWide ?? false,
        labels,
        annotations: companionAnnotations(workload.metadata),
      });
      this.role = rbac.role;
      this.roleBinding = rbac.binding;
    }
    this.onTrustedPool = rbac?.broad ?? false;

    const containerName = props.container.name ?? 'cleanup';
    const env: k8s.EnvVar[] = [
      explainItem({ name: 'DRY_RUN', value: String(guard.dryRun) }, unlessSet(props.dryRun,
        'true: the run only reports what it would delete; deleting needs dryRun false and maxDeletions (rule cleanup-guard)')),
      ...(guard.maxDeletions === undefined ? [] : [explainItem({ name: 'MAX_DELETIONS', value: String(guard.maxDeletions) },
        'above this many candidates the run stops without deleting (rule cleanup-guard)')]),
      explainItem({ name: 'AUDIT_LOCATION', value: auditLocation }, 'where the candidate set and the deletion log are written (rule cleanup-guard)'),
      explainItem({ name: 'DELETE_RATE_PER_SECOND', value: String(rate) }, unlessSet(props.deleteRatePerSecond,
        `min(10, maxDownstreamQps ${props.maxDownstreamQps}): every deletion is a request the downstream absorbs (rule downstream-qps)`)),
      explainItem({ name: 'PAGE_SIZE', value: String(pageSize) }, unlessSet(props.pageSize,
        'candidates fetched and deleted 100 at a time: bounded list and delete bursts')),
      ...(rbac ? [explainItem({
        name: 'CLEANUP_TARGETS',
        value: JSON.stringify(rbac.rules.map((r) => ({
          apiGroup: r.apiGroups![0], resource: r.resources![0], resourceNames: r.resourceNames,
        }))),
      }, 'the resources the Role grants, as JSON: the container cleans exactly these')] : []),
    ];
    const template = buildPodTemplate(this, {
      container: props.container,
      defaultContainerName: containerName,
      labels: podLabels,
      serviceAccountName: workload.serviceAccountName,
      serviceAccountNameReason: workload.serviceAccountNameReason,
      mountServiceAccountToken: targets !== undefined,
      nodePool: props.nodePool,
      restartPolicy: 'Never',
      constructEnv: env,
      extraNodeSelector: this.onTrustedPool ? explain({ [`${prefix}/node-pool`]: trustedPool }, `${prefix}/node-pool`,
        'the trusted node pool: this pod\'s account can delete objects, touch Secrets or act cluster-wide (rule broad-access-trusted-pool)')
        : undefined,
      sidecars: props.sidecars,
    });
    const controls = jobControls(this, props);
    const podFailurePolicy = buildPodFailurePolicy(this, props.failurePolicy, containerName, PermanentFailureAction.FAIL_JOB, true);

    if (policy) {
      this.workloadName = workload.name;
      const objects = scheduledCronJob(this, workload, policy, podFailurePolicy, template, props.alerts, controls);
      this.cronJob = objects.cronJob;
      this.alerts = objects.alerts;
      return;
    }

    const limits = resolveJobLimits(this, props, {
      backoffLimit: DEFAULT_BACKOFF_LIMIT,
      backoffLimitReason: BACKOFF_LIMIT_REASON,
      activeDeadline: Duration.seconds(deadlineSeconds),
      activeDeadlineReason: budget === undefined || deadlineSeconds !== budget.derivedSeconds
        ? ONE_OFF_DEADLINE_REASON
        : `deletion budget ${budget.arithmetic}, x${DEADLINE_HEADROOM} headroom = ${budget.derivedSeconds}s (rule active-deadline)`,
    }, oneOffUnder);
    // The template and failure policy are immutable on a Job: their hash names it, so a changed
    // cleanup (e.g. dry run flipped off) is a new Job instead of a rejected update.
    // managedBy is immutable too; it joins the hash only when given, so other names stay as they were.
    this.workloadName = `${workload.name}-${contentHash({ podFailurePolicy, template, ...managedByField(controls) })}`;
    this.job = kubeObject(this, 'Job', KUBE_JOB, {
      metadata: explain({
        name: this.workloadName,
        namespace: workload.namespace,
        labels: carryReasons(labels, { ...labels, ...controls.labels }),
        annotations,
      }, 'name', '<name>-<hash of the pod template and failure policy>: a changed cleanup (dry run turned off) is a new Job, not a rejected update'),
      spec: finiteJobSpec(this, limits, podFailurePolicy, template, explainFields({ parallelism: 1, completions: 1, ...managedByField(controls) }, {
        parallelism: 'one pod: deletions stay within one rate limit',
        completions: 'one successful run ends the Job',
      })),
    });
    this.alerts = addJobAlerts(this, this.job, workload, props.alerts, {
      jobName: this.workloadName, activeDeadlineSeconds: limits.activeDeadlineSeconds, indexed: false,
    });
  }
}

function deletionGuard(scope: Construct, props: CleanupJobProps): { dryRun: boolean; maxDeletions?: number } {
  const dryRun = props.dryRun ?? true;
  if (typeof dryRun !== 'boolean') {
    throw invalid(scope, 'dryRun', dryRun, 'true or false');
  }
  const max = props.maxDeletions;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > INT32_MAX)) {
    throw invalid(scope, 'maxDeletions', max, `a positive whole number of objects (1 to ${INT32_MAX}): the threshold above which a run deletes nothing`);
  }
  if (!dryRun && max === undefined) {
    throw invalid(scope, 'maxDeletions', max,
      'deleting for real (dryRun: false) needs a positive maxDeletions, so a run that finds more candidates than expected stops ' +
      'instead of deleting them (no unbounded deletes; rule cleanup-guard)');
  }
  return { dryRun, maxDeletions: max };
}

function checkAuditLocation(scope: Construct, location: string): string {
  const allowed = `an absolute URL of durable storage for the candidate set and deletion log, with scheme ${AUDIT_SCHEMES.map((s) => s.replace(':', '://')).join(', ')} ` +
    '(e.g. "s3://audit-bucket/cleanup/expired-sessions"; no audit means no cleanup)';
  requireText(scope, 'auditLocation', location);
  let url: URL | undefined;
  try {
    url = new URL(location);
  } catch {
    url = undefined;
  }
  if (!url || !AUDIT_SCHEMES.includes(url.protocol) || (url.protocol !== 'file:' && !url.hostname) || /\s/.test(location)) {
    throw invalid(scope, 'auditLocation', location, allowed);
  }
  return location;
}

function deleteRate(scope: Construct, props: CleanupJobProps): number {
  const maxQps = props.maxDownstreamQps;
  const rate = props.deleteRatePerSecond ?? Math.min(DEFAULT_DELETE_RATE, typeof maxQps === 'number' && maxQps > 0 ? maxQps : DEFAULT_DELETE_RATE);
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    throw invalid(scope, 'deleteRatePerSecond', rate, 'a positive number of deletions per second (rate limit)');
  }
  if (typeof maxQps === 'number' && rate > maxQps) {
    throw invalid(scope, 'deleteRatePerSecond', rate,
      `must be at most maxDownstreamQps (${maxQps}): every deletion is a request the downstream must absorb`);
  }
  return rate;
}

/** Headroom of the derived deadline over the time the deletions need (candidate set, log writes, slow pages). */
const DEADLINE_HEADROOM = 1.5;

/** What a deleting run needs: one request per deletion and one per page, at the rate limit. */
interface DeletionBudget {
  /** The arithmetic, e.g. `50000 deletions + 500 page fetches (100 per page) = 50500 requests / 10 per second = 5050s`. */
  readonly arithmetic: string;
  /** Seconds the deletions need at the rate limit. */
  readonly neededSeconds: number;
  /** The needed time with headroom: the least deadline the construct derives. */
  readonly derivedSeconds: number;
}

function deletionBudget(scope: Construct, maxDeletions: number, rate: number, pageSize: number): DeletionBudget {
  const pages = Math.ceil(maxDeletions / pageSize);
  const requests = maxDeletions + pages;
  const neededSeconds = Math.ceil(requests / rate);
  const derivedSeconds = Math.ceil(neededSeconds * DEADLINE_HEADROOM);
  const arithmetic = `${maxDeletions} deletions + ${pages} page fetches (${pageSize} per page) = ${requests} requests / ` +
    `${formatNumber(rate)} per second = ${neededSeconds}s`;
  if (derivedSeconds > INT32_MAX) {
    throw invalid(scope, 'maxDeletions', maxDeletions,
      `${arithmetic}, x${DEADLINE_HEADROOM} headroom = ${derivedSeconds}s, above ${INT32_MAX} seconds, the largest ` +
      'activeDeadlineSeconds Kubernetes stores (int32): lower maxDeletions or raise deleteRatePerSecond');
  }
  return { arithmetic, neededSeconds, derivedSeconds };
}

/**
 * The deadline of a one-off run: the user's (checked against the budget when the run deletes),
 * else the longer of the default hour and the budget with headroom.
 */
function oneOffDeadlineSeconds(scope: Construct, props: CleanupJobProps, budget: DeletionBudget | undefined): number {
  if (props.activeDeadline === undefined) {
    return Math.max(DEFAULT_ACTIVE_DEADLINE.toSeconds(), budget?.derivedSeconds ?? 0);
  }
  const given = wholeSeconds(scope, 'activeDeadline', props.activeDeadline, 1, INT32_MAX, 'Kubernetes requires a positive activeDeadlineSeconds');
  if (budget !== undefined) {
    checkDeadlineFits(scope, given, budget);
  }
  return given;
}

function checkDeadlineFits(scope: Construct, deadlineSeconds: number, budget: DeletionBudget): void {
  if (deadlineSeconds < budget.neededSeconds) {
    throw invalid(scope, 'activeDeadline', `${deadlineSeconds}s`,
      `too short for the deletion budget: ${budget.arithmetic} needed at the rate limit, so the deadline would stop the ` +
      `run half done; set activeDeadline to at least ${budget.neededSeconds}s (the derived default adds ` +
      `${DEADLINE_HEADROOM}x headroom: ${budget.derivedSeconds}s), lower maxDeletions, or raise deleteRatePerSecond ` +
      '(at most maxDownstreamQps)');
  }
}

/** The `<prefix>/deadline-budget` annotation: the arithmetic and how the deadline relates to it. */
function budgetText(budget: DeletionBudget, deadlineSeconds: number, given: boolean): string {
  if (given) {
    return `${budget.arithmetic}; fits the ${deadlineSeconds}s activeDeadline given`;
  }
  const derived = `${budget.arithmetic}; x${DEADLINE_HEADROOM} headroom = ${budget.derivedSeconds}s`;
  return deadlineSeconds === budget.derivedSeconds ? derived : `${derived}; the ${deadlineSeconds}s default is longer`;
}

/**
 * The schedule policy of a scheduled cleanup. When it deletes, its deadline must fit the budget:
 * a deadline the user gave is checked; a derived one (below the shortest gap, at most an hour) is
 * raised to the budget with headroom, which must still fit between runs.
 */
function budgetedSchedulePolicy(scope: Construct, props: CleanupJobProps, budget: DeletionBudget | undefined): SchedulePolicy {
  if (budget === undefined || props.activeDeadline !== undefined) {
    const policy = schedulePolicy(scope, props, props.activeDeadline);
    if (budget !== undefined) {
      checkDeadlineFits(scope, policy.limits.activeDeadlineSeconds, budget);
    }
    return policy;
  }
  let scheduleDefault: SchedulePolicy | undefined;
  try {
    scheduleDefault = schedulePolicy(scope, props, undefined);
  } catch (e) {
    // A reason for a deadline above the gap is refused while the schedule's own default fits;
    // the budget may raise the deadline above the gap, where the reason is needed.
    if (!(e instanceof BatchValidationError && e.prop === 'cron.deadlineExceedsIntervalReason')) {
      throw e;
    }
  }
  if (scheduleDefault !== undefined && scheduleDefault.limits.activeDeadlineSeconds >= budget.derivedSeconds) {
    return scheduleDefault;
  }
  try {
    const policy = schedulePolicy(scope, props, Duration.seconds(budget.derivedSeconds));
    // The deadline was passed in as derived from the budget; the record says so, not "set by the app".
    policy.limits.reasons.activeDeadlineSeconds = `deletion budget ${budget.arithmetic}, x${DEADLINE_HEADROOM} headroom = ` +
      `${budget.derivedSeconds}s, still below the shortest gap between runs (rule cronjob-deadline-fits-interval)`;
    return policy;
  } catch (e) {
    if (e instanceof BatchValidationError && e.prop === 'activeDeadline') {
      throw invalid(scope, 'maxDeletions', props.maxDeletions,
        `${budget.arithmetic}, x${DEADLINE_HEADROOM} headroom = ${budget.derivedSeconds}s as the deadline, but the deadline ${e.allowed}`);
    }
    throw e;
  }
}

/** The schedule policy, with errors about `cron` fields named as `cron.<field>`. */
function schedulePolicy(scope: Construct, props: CleanupJobProps, activeDeadline: Duration | undefined): SchedulePolicy {
  try {
    return resolveSchedulePolicy(scope, {
      ...props.cron!,
      backoffLimit: props.backoffLimit,
      activeDeadline,
      ttlAfterFinished: props.ttlAfterFinished,
    }, DEFAULT_BACKOFF_LIMIT, BACKOFF_LIMIT_REASON);
  } catch (e) {
    if (e instanceof BatchValidationError && CRON_PROPS.has(e.prop)) {
      throw new BatchValidationError({ constructPath: e.constructPath, prop: `cron.${e.prop}`, value: e.value, allowed: e.allowed });
    }
    throw e;
  }
}

/** Rates as short decimals: `10`, `2.5`, `0.333`. */
function formatNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** A RoleBinding subject names the ServiceAccount's namespace; a ClusterRoleBinding must. */
function subjectNamespace(scope: Construct, namespace: string | undefined): string {
  const resolved = namespace ?? Chart.of(scope).namespace;
  if (resolved === undefined) {
    throw invalid(scope, 'namespace', namespace,
      'the RoleBinding must name the ServiceAccount\'s namespace: set namespace, or give the chart a namespace');
  }
  return resolved;
}
