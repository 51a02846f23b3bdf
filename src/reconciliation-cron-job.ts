import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CronJobAlertProps } from './core/alerts';
import { buildPodFailurePolicy, PermanentFailureAction } from './core/failure-policy';
import { scheduledCronJob } from './core/job-objects';
import { jobControls } from './core/kueue';
import { CRONJOB_NAME_MAX } from './core/names';
import { requireText, WorkloadClass } from './core/ownership';
import { buildPodTemplate } from './core/pod-template';
import { checkProps, fieldsOf, nonBlankText, optional, required, struct, text } from './core/prop-checks';
import { CRON_JOB_ALERTS, FINITE_WORKLOAD_FIELDS, SCHEDULE_FIELDS } from './core/prop-shapes';
import { checkReason } from './core/reasons';
import { resolveSchedulePolicy, ScheduledWorkloadProps } from './core/schedule-policy';
import { FiniteWorkloadProps, prepareWorkload } from './core/workload';
import { invalid } from './errors';
import { CronSchedule } from './schedule/cron-schedule';

/**
 * Props of a ReconciliationCronJob. Every default is the safe choice; see each prop.
 */
export interface ReconciliationCronJobProps extends FiniteWorkloadProps, ScheduledWorkloadProps {
  /**
   * The idempotency key scheme of a run, e.g. `ledger-reconciliation:{businessDate}` (annotation
   * `<prefix>/idempotency-key`, rule idempotency-key). Kubernetes may start a Job twice; the key is
   * what makes that harmless.
   */
  readonly idempotencyKey: string;

  /**
   * Why this reconciliation records its business completion nowhere outside Kubernetes, when that
   * is the decision (at least 10 characters). A ReconciliationCronJob needs `completionLedger`
   * (rule completion-ledger: a run that exits 0 may still have done half the work, and only the
   * team knows where completion is recorded, so the library cannot invent it), or this reason,
   * which is written as the suppression annotation `<prefix>/suppress.completion-ledger`.
   * Give one of the two, not both.
   * @default - none: `completionLedger` is required
   */
  readonly completionLedgerNoneReason?: string;

  /**
   * Business-freshness alerts (PrometheusRule): last successful run older than the freshness window.
   * @default - on; window = longest gap between runs + starting deadline + active deadline
   */
  readonly alerts?: CronJobAlertProps;
}

/** The run-time shape of ReconciliationCronJobProps (see core/prop-checks.ts). */
const PROPS_SHAPE = struct(fieldsOf(FINITE_WORKLOAD_FIELDS, SCHEDULE_FIELDS, {
  idempotencyKey: required(nonBlankText()),
  completionLedgerNoneReason: optional(text()),
  alerts: optional(CRON_JOB_ALERTS),
}));

/** Retries of a reconciliation run: enough for a transient blip, not a retry storm. */
const DEFAULT_BACKOFF_LIMIT = 2;
const BACKOFF_LIMIT_REASON = 'two retries absorb a transient failure (a network blip, a lost node) without a retry storm; ' +
  'the idempotency key makes a repeated run harmless (rule backoff-limit-explicit)';

/**
 * Scheduled reconciliation: explicit time zone, no overlap, decided
 * missed-schedule behaviour, bounded retries and runtime, retention, ownership.
 *
 * Creates a CronJob and its dedicated ServiceAccount. Defaults: time zone `Etc/UTC`,
 * `concurrencyPolicy: Forbid`, `startingDeadlineSeconds: 900`, history limits 3/5,
 * `backoffLimit: 2`, `activeDeadlineSeconds` below the shortest gap between runs (at most one
 * hour), `ttlSecondsAfterFinished` 7 days, `suspend: false`.
 */
export class ReconciliationCronJob extends Construct {
  /** The CronJob (escape hatch: `addJsonPatch`). */
  public readonly cronJob: ApiObject;
  /** The dedicated ServiceAccount, unless an existing one was used. */
  public readonly serviceAccount?: ApiObject;
  /** The CronJob's name. */
  public readonly name: string;
  /** The schedule as Kubernetes reads it, with its analysis methods. */
  public readonly schedule: CronSchedule;
  /** The `activeDeadlineSeconds` each run gets. */
  public readonly activeDeadlineSeconds: number;
  /** The freshness alerts, unless turned off. */
  public readonly alerts?: ApiObject;

  constructor(scope: Construct, id: string, props: ReconciliationCronJobProps) {
    super(scope, id);
    checkProps(this, props, PROPS_SHAPE);
    requireText(this, 'idempotencyKey', props.idempotencyKey);
    const policy = resolveSchedulePolicy(this, props, DEFAULT_BACKOFF_LIMIT, BACKOFF_LIMIT_REASON);
    this.schedule = policy.schedule;
    this.activeDeadlineSeconds = policy.limits.activeDeadlineSeconds;

    const workload = prepareWorkload(this, props, {
      workloadClass: WorkloadClass.SCHEDULED,
      defaultName: id,
      maxNameLength: CRONJOB_NAME_MAX,
      nameLimitReason: 'the CronJob controller appends 11 characters to name each Job, and Job names must fit a 63-character label',
      extraAnnotations: { 'idempotency-key': props.idempotencyKey, ...policy.annotations },
      suppressions: { ...policy.suppressions, ...ledgerDecision(this, props) },
      annotationReasons: policy.annotationReasons,
    });
    this.name = workload.name;
    this.serviceAccount = workload.serviceAccount;
    const containerName = props.container.name ?? 'reconcile';

    const scheduled = scheduledCronJob(this, workload, policy,
      buildPodFailurePolicy(this, props.failurePolicy, containerName, PermanentFailureAction.FAIL_JOB, true),
      buildPodTemplate(this, {
        container: props.container,
        defaultContainerName: containerName,
        labels: workload.metadata.podLabels,
        serviceAccountName: workload.serviceAccountName,
        serviceAccountNameReason: workload.serviceAccountNameReason,
        mountServiceAccountToken: false,
        nodePool: props.nodePool,
        restartPolicy: 'Never',
        sidecars: props.sidecars,
      }),
      props.alerts,
      jobControls(this, props));
    this.cronJob = scheduled.cronJob;
    this.alerts = scheduled.alerts;
  }
}

/**
 * A reconciliation says where its business completion is recorded, or records why nowhere (as
 * a suppression of rule completion-ledger, so the audit sees the decision and its reason).
 */
function ledgerDecision(scope: Construct, props: ReconciliationCronJobProps): Record<string, string> {
  const ledger = props.completionLedger;
  const noneReason = props.completionLedgerNoneReason;
  if (noneReason !== undefined) {
    if (ledger !== undefined) {
      throw invalid(scope, 'completionLedgerNoneReason', noneReason,
        `give either completionLedger ("${ledger}") or a reason why there is none, not both`);
    }
    return { 'completion-ledger': checkReason(scope, 'completionLedgerNoneReason', noneReason) };
  }
  const userSuppressed = props.suppressions?.some((s) => s?.ruleId === 'completion-ledger') === true;
  if (ledger === undefined && !userSuppressed) {
    throw invalid(scope, 'completionLedger', undefined,
      'required for a reconciliation: say where each run\'s business completion is recorded outside Kubernetes ' +
      '(rule completion-ledger), e.g. "finance.reconciliation_runs table"; a run that exits 0 may still have ' +
      'done half the work, and Job status disappears with the Job. If there is truly none, set completionLedgerNoneReason ' +
      'to say why (at least 10 characters)');
  }
  return {};
}
