import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { INT32_MAX, wholeNumber, wholeSeconds } from './durations';
import { MIN_FAILED_RETENTION_SECONDS } from '../rules/checks/failed-jobs-retained';

/**
 * The bounds every finite workload declares: retries, runtime and retention (lesson 25.4-25.6).
 */
export interface JobLimitsProps {
  /**
   * Retries before the Job is marked failed. Always emitted: Kubernetes' implicit 6 is never a
   * decision (lesson 25.4).
   * @default - construct-specific
   */
  readonly backoffLimit?: number;

  /**
   * Maximum total runtime of the Job (`activeDeadlineSeconds`) before Kubernetes stops it
   * (lesson section 10: a stuck job wastes capacity and holds locks).
   * @default - construct-specific
   */
  readonly activeDeadline?: Duration;

  /**
   * How long a finished Job (and its pods) stays inspectable before the TTL controller deletes it
   * (`ttlSecondsAfterFinished`, lesson section 11). Kubernetes object retention is cleanup, not an
   * audit trail.
   * @default Duration.days(7)
   */
  readonly ttlAfterFinished?: Duration;
}

/** Resolved, validated limits in the units Kubernetes wants. @internal */
export interface JobLimits {
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  readonly ttlSecondsAfterFinished: number;
}

export const DEFAULT_TTL_AFTER_FINISHED = Duration.days(7);

/** @internal */
export function resolveJobLimits(
  scope: IConstruct,
  props: JobLimitsProps,
  defaults: { backoffLimit: number; activeDeadline: Duration },
): JobLimits {
  return {
    backoffLimit: wholeNumber(scope, 'backoffLimit', props.backoffLimit ?? defaults.backoffLimit, 0, INT32_MAX,
      'Kubernetes requires a non-negative backoffLimit'),
    activeDeadlineSeconds: wholeSeconds(scope, 'activeDeadline', props.activeDeadline ?? defaults.activeDeadline, 1, INT32_MAX,
      'Kubernetes requires a positive activeDeadlineSeconds'),
    ttlSecondsAfterFinished: wholeSeconds(scope, 'ttlAfterFinished', props.ttlAfterFinished ?? DEFAULT_TTL_AFTER_FINISHED,
      MIN_FAILED_RETENTION_SECONDS, INT32_MAX,
      'a failed Job stays at least a day, so the next shift can debug it: lesson 24, rule failed-jobs-retained'),
  };
}
