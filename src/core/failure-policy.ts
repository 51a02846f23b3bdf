import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { explain, explainItem, unlessSet } from './decisions';
import { invalid } from '../errors';

/**
 * Which exit codes mean "retrying cannot help" and how disruptions count.
 */
export interface FailurePolicyProps {
  /**
   * Exit codes that mean a permanent failure (bad input, bad config, permission denied): the
   * Job (or, in an Indexed Job, the index) fails at once instead of burning its retries.
   *
   * Kubernetes rules (podFailurePolicy.rules[].onExitCodes): 1 to 255 values, no duplicates,
   * `0` not allowed with the `In` operator; we also keep each value in 1-255, the range a process
   * exit status can take.
   *
   * @default [64, 65, 66, 67, 68, 77, 78] - the sysexits codes for usage, data, no input, no
   * user, no host, no permission and config errors. 69 (unavailable), 70-74 and 75 (temporary
   * failure) stay retryable.
   */
  readonly permanentExitCodes?: number[];

  /**
   * Whether pod disruptions (preemption, node drain, eviction: pod condition `DisruptionTarget`)
   * are ignored, so they do not consume the retry budget.
   * @default true (MigrationJob: false, see its docs)
   */
  readonly ignoreDisruptions?: boolean;
}

/**
 * The sysexits(3) codes that describe errors a retry cannot fix.
 */
export const DEFAULT_PERMANENT_EXIT_CODES: readonly number[] = [64, 65, 66, 67, 68, 77, 78];

/** Kubernetes: `onExitCodes.values` holds at most 255 entries. */
const MAX_EXIT_CODE_VALUES = 255;

/**
 * What a permanent failure does: fail the whole Job, or only the index (Indexed Jobs with
 * `backoffLimitPerIndex`).
 * @internal
 */
export enum PermanentFailureAction {
  FAIL_JOB = 'FailJob',
  FAIL_INDEX = 'FailIndex',
}

/**
 * Builds a `podFailurePolicy` Kubernetes accepts from the typed props.
 * @internal
 */
export function buildPodFailurePolicy(
  scope: IConstruct,
  props: FailurePolicyProps | undefined,
  containerName: string,
  action: PermanentFailureAction,
  defaultIgnoreDisruptions: boolean,
): k8s.PodFailurePolicy {
  const codes = checkExitCodes(scope, props?.permanentExitCodes ?? [...DEFAULT_PERMANENT_EXIT_CODES]);
  // The bundled 1.28 types mark onPodConditions as required; Kubernetes made it optional in 1.29
  // and an empty list is only noise, so the exit-code rule is built without it.
  const onExitCodes = explain({ containerName, operator: 'In', values: codes }, 'values', unlessSet(props?.permanentExitCodes,
    'sysexits 64-68, 77, 78 (usage, data, no input, no user, no host, no permission, config): errors a retry cannot fix'));
  const exitCodeRule = explainItem({ action, onExitCodes }, action === PermanentFailureAction.FAIL_INDEX
    ? 'a permanent exit code of the main container fails its index at once instead of using up the index\'s retries (rule pod-failure-policy)'
    : 'a permanent exit code of the main container fails the Job at once instead of using up its retries (rule pod-failure-policy)');
  const rules: k8s.PodFailurePolicyRule[] = [exitCodeRule as unknown as k8s.PodFailurePolicyRule];
  if (props?.ignoreDisruptions ?? defaultIgnoreDisruptions) {
    rules.push(explainItem({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      'a pod lost to a node drain, preemption or eviction is retried without counting against backoffLimit (rule disruption-not-counted)'));
  }
  return { rules };
}

/**
 * The exit codes as Kubernetes accepts them in an onExitCodes rule, sorted.
 * @internal
 */
export function checkExitCodes(scope: IConstruct | string, codes: number[]): number[] {
  const prop = 'failurePolicy.permanentExitCodes';
  if (codes.length === 0 || codes.length > MAX_EXIT_CODE_VALUES) {
    throw invalid(scope, prop, codes,
      `Kubernetes requires 1 to ${MAX_EXIT_CODE_VALUES} exit codes in a podFailurePolicy onExitCodes rule`);
  }
  for (const code of codes) {
    if (!Number.isInteger(code) || code < 1 || code > 255) {
      throw invalid(scope, prop, codes,
        `exit code ${code} is not possible: use integers 1-255 (Kubernetes rejects 0 with the In operator)`);
    }
  }
  const sorted = [...codes].sort((a, b) => a - b);
  const duplicate = sorted.find((code, i) => i > 0 && sorted[i - 1] === code);
  if (duplicate !== undefined) {
    throw invalid(scope, prop, codes, `exit code ${duplicate} is listed twice; Kubernetes requires unique values`);
  }
  // Kubernetes requires the values in ascending order; we sort rather than make the user do it.
  return sorted;
}
