import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { unlessSet } from './decisions';
import { INT32_MAX, wholeNumber, wholeSeconds } from './durations';
import { recreatesMissingObjects } from './gitops';
import { invalid } from '../errors';
import { MIN_FAILED_RETENTION_SECONDS } from '../rules/checks/failed-jobs-retained';
import { GitOpsTool, gitOpsToolName, rerunExplanation } from '../rules/gitops';

/**
 * The bounds every finite workload declares: retries, runtime and retention.
 */
export interface JobLimitsProps {
  /**
   * Retries before the Job is marked failed. Always emitted: Kubernetes' implicit 6 is never a
   * decision.
   * @default - construct-specific
   */
  readonly backoffLimit?: number;

  /**
   * Maximum total runtime of the Job (`activeDeadlineSeconds`) before Kubernetes stops it
   * (a stuck job wastes capacity and holds locks).
   * @default - construct-specific
   */
  readonly activeDeadline?: Duration;

  /**
   * How long a finished Job (and its pods) stays inspectable before the TTL controller deletes it
   * (`ttlSecondsAfterFinished`, rule retention). Kubernetes object retention is cleanup, not an
   * audit trail. A one-off Job applied by a GitOps tool (`gitOps`) has none: the tool would
   * create it again after the TTL controller deletes it, so giving one there is an error.
   * @default Duration.days(7); none for a one-off Job under a GitOps tool
   */
  readonly ttlAfterFinished?: Duration;
}

/** Resolved, validated limits in the units Kubernetes wants. @internal */
export interface JobLimits {
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  /** Absent when a GitOps tool ends the Job (it prunes it once it is removed from Git). */
  readonly ttlSecondsAfterFinished?: number;
  /** Why each limit is what it is (Job spec field name -> reason), for the decision record. */
  readonly reasons: Record<string, string>;
}

/** A construct's default limits, each with the reason it is the default. @internal */
export interface JobLimitDefaults {
  readonly backoffLimit: number;
  /** Why this many retries (what it does, rule id). */
  readonly backoffLimitReason: string;
  readonly activeDeadline: Duration;
  /** Why this deadline (what it does, arithmetic when derived, rule id). */
  readonly activeDeadlineReason: string;
}

export const DEFAULT_TTL_AFTER_FINISHED = Duration.days(7);

const TTL_REASON = 'a finished Job and its pods stay 7 days for inspection, then the TTL controller deletes them; ' +
  'at least a day so the next shift can debug a failure (rules retention, failed-jobs-retained)';

/** @internal */
export function resolveJobLimits(
  scope: IConstruct,
  props: JobLimitsProps,
  defaults: JobLimitDefaults,
  oneOffUnder: GitOpsTool = GitOpsTool.NONE,
): JobLimits {
  const reasons = {
    backoffLimit: unlessSet(props.backoffLimit, defaults.backoffLimitReason),
    activeDeadlineSeconds: unlessSet(props.activeDeadline, defaults.activeDeadlineReason),
  };
  if (recreatesMissingObjects(oneOffUnder)) {
    return { ...bounds(scope, props, defaults), ttlSecondsAfterFinished: gitOpsOwnsLifetime(scope, props, oneOffUnder), reasons };
  }
  return {
    ...bounds(scope, props, defaults),
    reasons: { ...reasons, ttlSecondsAfterFinished: unlessSet(props.ttlAfterFinished, TTL_REASON) },
    ttlSecondsAfterFinished: wholeSeconds(scope, 'ttlAfterFinished', props.ttlAfterFinished ?? DEFAULT_TTL_AFTER_FINISHED,
      MIN_FAILED_RETENTION_SECONDS, INT32_MAX,
      'a failed Job stays at least a day, so the next shift can debug it: rule failed-jobs-retained'),
  };
}

function bounds(scope: IConstruct, props: JobLimitsProps, defaults: { backoffLimit: number; activeDeadline: Duration }) {
  return {
    backoffLimit: wholeNumber(scope, 'backoffLimit', props.backoffLimit ?? defaults.backoffLimit, 0, INT32_MAX,
      'Kubernetes requires a non-negative backoffLimit'),
    activeDeadlineSeconds: wholeSeconds(scope, 'activeDeadline', props.activeDeadline ?? defaults.activeDeadline, 1, INT32_MAX,
      'Kubernetes requires a positive activeDeadlineSeconds'),
  };
}

/**
 * A one-off Job in Git, applied by a tool that creates missing objects again, must outlive its
 * TTL: the tool ends it (prune, once it is removed from Git), so a TTL is refused.
 */
function gitOpsOwnsLifetime(scope: IConstruct, props: JobLimitsProps, tool: GitOpsTool): undefined {
  if (props.ttlAfterFinished !== undefined) {
    throw invalid(scope, 'ttlAfterFinished', props.ttlAfterFinished.toHumanString(),
      `no TTL on a one-off Job applied by ${gitOpsToolName(tool)} (gitOps ${tool}): ${rerunExplanation(gitOpsToolName(tool))}; ` +
      'leave ttlAfterFinished unset, and remove the Job from Git when it is done (the tool prunes it)');
  }
  return undefined;
}
