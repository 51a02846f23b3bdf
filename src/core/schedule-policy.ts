import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid } from '../errors';
import { human } from './alerts';
import { explainFields, unlessSet } from './decisions';
import { INT32_MAX, wholeNumber, wholeSeconds } from './durations';
import { JobLimits, JobLimitsProps, resolveJobLimits } from './job-limits';
import { checkReason } from './reasons';
import { analyseSchedule, SCHEDULE_ANALYSIS_START } from './schedule-analysis';
import { CronSchedule } from '../schedule/cron-schedule';

/**
 * What the CronJob controller does when a run is due while the previous one is still active.
 */
export enum ConcurrencyPolicy {
  /** Skip the new run. Safe for reconciliation, reports and cleanup; skipped runs must be monitored. */
  FORBID = 'Forbid',
  /** Run both. Only for work whose overlapping runs are independent. */
  ALLOW = 'Allow',
  /** Kill the running one and start the new one. Only when just the latest state matters. */
  REPLACE = 'Replace',
}

/**
 * How a scheduled workload runs: its timetable, overlap and missed-schedule behaviour, and
 * history. Shared by every construct that creates a CronJob.
 */
export interface ScheduledWorkloadProps {
  /**
   * Cron schedule in the grammar Kubernetes accepts (robfig/cron v3 standard: five fields, names,
   * ranges, steps, lists, `?`, and `@daily`-style descriptors; no `L`, `W`, `#`, no `7` for
   * Sunday, no `TZ=` prefix).
   */
  readonly schedule: string;

  /**
   * IANA time zone the schedule is read in, exactly as Kubernetes checks it (exact case; not
   * `Local`). Always emitted: the controller manager's zone is not a decision.
   * @default "Etc/UTC"
   */
  readonly timeZone?: string;

  /**
   * What happens when a run is due while the previous one is active.
   * @default ConcurrencyPolicy.FORBID - a duplicate run is worse than a skipped one
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;

  /**
   * Why overlapping runs are safe; required with `ALLOW` or `REPLACE`, recorded in the
   * `<prefix>/overlap-safe` annotation.
   * @default - none; required when concurrencyPolicy is not FORBID
   */
  readonly overlapSafeReason?: string;

  /**
   * How late a missed run may still start (`startingDeadlineSeconds`). Decides missed-schedule
   * behaviour, and keeps the controller's "too many missed start times" stop (100 missed
   * schedules) from ever hitting after an outage or a long suspend.
   * At least 10 seconds: the controller only checks every 10 seconds.
   * @default Duration.minutes(15)
   */
  readonly startingDeadline?: Duration;

  /**
   * Successful Jobs kept for inspection.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;

  /**
   * Failed Jobs kept for debugging (failed jobs retained long enough to debug).
   * @default 5
   */
  readonly failedJobsHistoryLimit?: number;

  /**
   * Create the CronJob suspended (no runs until resumed). A resumed CronJob only catches up on
   * runs missed within the starting deadline.
   * @default false
   */
  readonly suspend?: boolean;

  /**
   * Keep an `activeDeadline` at or above the shortest gap between runs under FORBID, for this
   * stated reason (at least 10 characters). Without it that is a synth error: a stuck run would
   * swallow the next runs. Recorded as a suppression of `cronjob-deadline-fits-interval`.
   * @default - none
   */
  readonly deadlineExceedsIntervalReason?: string;

  /**
   * Keep a schedule that loses or doubles runs at a daylight-saving change, for this stated
   * reason (at least 10 characters). Without it that is a synth error, because Kubernetes skips
   * a run whose local time does not exist and runs twice at a local time that happens twice
   * (the hazards of `CronSchedule.dstHazards`). Hourly and finer series such as `0 * * * *` or
   * every 15 minutes keep their spacing across the change and need no reason. Recorded as a
   * suppression of `cronjob-dst-hazard`.
   * @default - none
   */
  readonly dstHazardReason?: string;
}

/** The schedule, limits and annotations a scheduled construct needs. @internal */
export interface SchedulePolicy {
  readonly schedule: CronSchedule;
  readonly limits: JobLimits;
  /** Annotation names (without prefix) and values to add to the workload. */
  readonly annotations: Record<string, string | undefined>;
  /** Why the policy writes each of its annotations (see WorkloadShape.annotationReasons). */
  readonly annotationReasons: Record<string, string>;
  /** Rule id -> reason, to render as suppression annotations. */
  readonly suppressions: Record<string, string>;
  /** The CronJob spec fields other than the job template. */
  readonly cronJobFields: Omit<k8s.CronJobSpec, 'jobTemplate'>;
}

const DEFAULT_TIME_ZONE = 'Etc/UTC';
const DEFAULT_STARTING_DEADLINE = Duration.minutes(15);
/** Upper bound of the derived deadline: a scheduled run still going after an hour is stuck. */
const MAX_DEFAULT_ACTIVE_DEADLINE_SECONDS = 3600;
/** The derived deadline leaves a fifth of the shortest gap free before the next run is due. */
const DEFAULT_DEADLINE_SHARE_OF_GAP = 0.8;
/** The CronJob controller syncs every 10 seconds; a shorter starting deadline can miss every run. */
const MIN_STARTING_DEADLINE_SECONDS = 10;

/**
 * Validates the schedule as Kubernetes does, analyses it, and decides the job limits that depend
 * on it (the active deadline defaults below the shortest gap between runs).
 * @internal
 */
export function resolveSchedulePolicy(
  scope: Construct,
  props: ScheduledWorkloadProps & JobLimitsProps,
  defaultBackoffLimit: number,
  backoffLimitReason: string,
): SchedulePolicy {
  const concurrencyPolicy = props.concurrencyPolicy ?? ConcurrencyPolicy.FORBID;
  const overlapSafe = overlapReason(scope, concurrencyPolicy, props.overlapSafeReason);
  const analysis = analyseSchedule(scope, props.schedule, props.timeZone ?? DEFAULT_TIME_ZONE);
  const deadlineSeconds = defaultActiveDeadlineSeconds(analysis.shortestGapSeconds);
  const limits = resolveJobLimits(scope, props, {
    backoffLimit: defaultBackoffLimit,
    backoffLimitReason,
    activeDeadline: Duration.seconds(deadlineSeconds),
    activeDeadlineReason: scheduledDeadlineReason(analysis.shortestGapSeconds, deadlineSeconds),
  });
  const startingDeadlineSeconds = wholeSeconds(scope, 'startingDeadline', props.startingDeadline ?? DEFAULT_STARTING_DEADLINE,
    MIN_STARTING_DEADLINE_SECONDS, INT32_MAX, 'the CronJob controller checks schedules every 10 seconds');
  const cronJobFields = explainFields({
    schedule: analysis.schedule.expression,
    timeZone: analysis.schedule.timeZone,
    concurrencyPolicy,
    startingDeadlineSeconds,
    successfulJobsHistoryLimit: wholeNumber(scope, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit ?? 3, 0, INT32_MAX,
      'Kubernetes requires a non-negative history limit'),
    failedJobsHistoryLimit: wholeNumber(scope, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit ?? 5, 1, INT32_MAX,
      'Kubernetes requires a non-negative history limit, and at least one failed run is kept for debugging: rule failed-jobs-retained'),
    suspend: props.suspend ?? false,
  }, {
    schedule: `runs ${analysis.description}`,
    timeZone: unlessSet(props.timeZone, 'the schedule is read in Etc/UTC, never in the controller manager\'s local zone, and UTC has ' +
      'no daylight-saving gaps (rule cronjob-timezone)'),
    concurrencyPolicy: unlessSet(props.concurrencyPolicy, 'a run due while the previous one is still active is skipped, never run ' +
      'beside it (rule cronjob-concurrency-policy)'),
    startingDeadlineSeconds: unlessSet(props.startingDeadline, `a run missed by up to ${human(startingDeadlineSeconds)} (controller ` +
      'down, CronJob suspended) still starts, an older one is skipped, and the controller never gives up after 100 missed runs ' +
      '(rule cronjob-starting-deadline)'),
    successfulJobsHistoryLimit: unlessSet(props.successfulJobsHistoryLimit, 'the last 3 successful Jobs stay for inspection'),
    failedJobsHistoryLimit: unlessSet(props.failedJobsHistoryLimit, 'the last 5 failed Jobs stay so a failure can be debugged ' +
      '(rule failed-jobs-retained)'),
    suspend: unlessSet(props.suspend, 'runs are on; a suspended CronJob, once resumed, only catches up on runs within the starting deadline'),
  });
  return {
    schedule: analysis.schedule,
    limits,
    annotations: { 'overlap-safe': overlapSafe, 'schedule': analysis.description },
    annotationReasons: { schedule: 'the schedule in words, as the controller reads it, for people and alerts' },
    suppressions: {
      ...deadlineSuppression(scope, concurrencyPolicy, limits.activeDeadlineSeconds, analysis.shortestGapSeconds,
        props.deadlineExceedsIntervalReason),
      ...dstSuppression(scope, props.schedule, analysis.dstHazardSummary, props.dstHazardReason),
    },
    cronJobFields,
  };
}

/** The arithmetic of the derived deadline of a scheduled run. */
function scheduledDeadlineReason(shortestGapSeconds: number | undefined, deadlineSeconds: number): string {
  const stuck = `a run still going after ${human(MAX_DEFAULT_ACTIVE_DEADLINE_SECONDS)} is stuck`;
  if (shortestGapSeconds === undefined) {
    return `${stuck}: it is stopped then and counts as failed (rule active-deadline)`;
  }
  const share = Math.floor(shortestGapSeconds * DEFAULT_DEADLINE_SHARE_OF_GAP);
  const arithmetic = `${DEFAULT_DEADLINE_SHARE_OF_GAP * 100}% of the shortest gap between runs (${human(shortestGapSeconds)}) = ${share}s`;
  const cap = deadlineSeconds < share ? `, capped at ${deadlineSeconds}s: ${stuck}` : '';
  return `${arithmetic}${cap}; a stuck run ends before the next one is due (rule cronjob-deadline-fits-interval)`;
}

function overlapReason(scope: Construct, policy: ConcurrencyPolicy, reason: string | undefined): string | undefined {
  if (policy === ConcurrencyPolicy.FORBID) {
    if (reason !== undefined) {
      throw invalid(scope, 'overlapSafeReason', reason, 'only meaningful with concurrencyPolicy ALLOW or REPLACE; remove it');
    }
    return undefined;
  }
  if (reason === undefined) {
    throw invalid(scope, 'concurrencyPolicy', policy,
      'overlapping runs duplicate side effects: keep FORBID, or state why overlap is ' +
      'safe in overlapSafeReason (at least 10 characters)');
  }
  return checkReason(scope, 'overlapSafeReason', reason);
}

function defaultActiveDeadlineSeconds(shortestGapSeconds: number | undefined): number {
  if (shortestGapSeconds === undefined) {
    return MAX_DEFAULT_ACTIVE_DEADLINE_SECONDS;
  }
  const share = Math.floor(shortestGapSeconds * DEFAULT_DEADLINE_SHARE_OF_GAP);
  return Math.max(1, Math.min(MAX_DEFAULT_ACTIVE_DEADLINE_SECONDS, share));
}

function deadlineSuppression(
  scope: Construct,
  policy: ConcurrencyPolicy,
  deadlineSeconds: number,
  shortestGapSeconds: number | undefined,
  reason: string | undefined,
): Record<string, string> {
  const exceeds = policy === ConcurrencyPolicy.FORBID && shortestGapSeconds !== undefined && deadlineSeconds >= shortestGapSeconds;
  if (!exceeds) {
    if (reason !== undefined) {
      throw invalid(scope, 'deadlineExceedsIntervalReason', reason,
        'the active deadline already fits between runs; remove the reason');
    }
    return {};
  }
  if (reason === undefined) {
    throw invalid(scope, 'activeDeadline', `${deadlineSeconds}s`,
      `must be below the shortest gap between two runs (${shortestGapSeconds}s in the year from ` +
      `${SCHEDULE_ANALYSIS_START.toISOString().slice(0, 10)}) under FORBID, or a stuck run swallows the next runs ` +
      '(rule cronjob-deadline-fits-interval); lower it, or state why in deadlineExceedsIntervalReason');
  }
  return { 'cronjob-deadline-fits-interval': checkReason(scope, 'deadlineExceedsIntervalReason', reason) };
}

function dstSuppression(
  scope: Construct,
  expression: string,
  hazardSummary: string | undefined,
  reason: string | undefined,
): Record<string, string> {
  if (hazardSummary === undefined) {
    if (reason !== undefined) {
      throw invalid(scope, 'dstHazardReason', reason, 'the schedule has no daylight-saving hazard; remove the reason');
    }
    return {};
  }
  if (reason === undefined) {
    throw invalid(scope, 'schedule', expression,
      `${hazardSummary}. Kubernetes loses a run whose local time does not exist and runs twice at a local time that happens twice ` +
      '(rule cronjob-dst-hazard): schedule outside the changeover hours, use a zone without daylight saving (e.g. Etc/UTC), ' +
      'or state why it is acceptable in dstHazardReason');
  }
  return { 'cronjob-dst-hazard': checkReason(scope, 'dstHazardReason', reason) };
}
