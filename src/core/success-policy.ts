import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { JobSuccessPolicy } from './job-objects';
import { requireFeatureForProp } from './kubernetes-version';

/**
 * One way an Indexed Job may succeed early: when the given indexes have all succeeded, or when
 * a given number of indexes (of all, or of the given ones) have. Kubernetes marks the Job
 * complete as soon as one rule of its success policy is met, and terminates the pods still
 * running.
 */
export interface BackfillSuccessRule {
  /**
   * The partition indexes that matter, as Kubernetes writes index sets: ascending,
   * non-overlapping intervals separated by commas, each a single index or `first-last`, every
   * index below the number of partitions, e.g. `"0-3,7"`. Without `succeededCount` the rule is
   * met when every index of the set has succeeded.
   * @default - any index counts (then `succeededCount` is required)
   */
  readonly succeededIndexes?: string;

  /**
   * How many indexes must have succeeded: of `succeededIndexes` when given (at most its size),
   * else of all partitions (at most their number). At least 1.
   * @default - every index of `succeededIndexes` (then `succeededIndexes` is required)
   */
  readonly succeededCount?: number;
}

/**
 * When an IndexedBackfill is done before every partition has succeeded (`spec.successPolicy`):
 * for partitions whose results only matter up to a point, such as a sample, or a leader index
 * whose success makes the others moot.
 */
export interface BackfillSuccessPolicy {
  /** The rules, 1 to 20; the first one met completes the Job. */
  readonly rules: BackfillSuccessRule[];
}

/** Kubernetes pkg/apis/batch/validation: maxSuccessPolicyRule. */
export const MAX_SUCCESS_POLICY_RULES = 20;
/** Kubernetes pkg/apis/batch/validation: maxJobSuccessPolicySucceededIndexesLimit (64 KiB). */
export const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

const SOURCE = 'Kubernetes validateSuccessPolicy in pkg/apis/batch/validation';
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Checks a success policy the way the API server does (validateSuccessPolicy,
 * validateSuccessPolicyRule and validateIndexesFormat in pkg/apis/batch/validation/validation.go),
 * and returns the field as written. Stricter in two places, where Kubernetes accepts a rule that
 * is met before any work is done: an empty `succeededIndexes` and a `succeededCount` of 0. Index
 * numbers are plain decimals (Kubernetes' strconv.Atoi would also take `+3` or `007`). The
 * field needs a target that honours it: JobSuccessPolicy, beta and on by default since 1.31.
 * @internal
 */
export function buildSuccessPolicy(scope: IConstruct, policy: BackfillSuccessPolicy, completions: number): JobSuccessPolicy {
  const rules = policy.rules;
  if (rules.length === 0) {
    throw invalid(scope, 'successPolicy.rules', rules,
      `at least one rule: a successPolicy without rules is refused (${SOURCE}: "at least one rules must be specified"); leave successPolicy out instead`);
  }
  if (rules.length > MAX_SUCCESS_POLICY_RULES) {
    throw invalid(scope, 'successPolicy.rules', `${rules.length} rules`, `at most ${MAX_SUCCESS_POLICY_RULES} rules (${SOURCE}, maxSuccessPolicyRule)`);
  }
  const written = rules.map((rule, i) => successRule(scope, `successPolicy.rules[${i}]`, rule, completions));
  requireFeatureForProp(scope, 'successPolicy', `${rules.length} rule${rules.length === 1 ? '' : 's'}`, 'successPolicy');
  return { rules: written };
}

function successRule(scope: IConstruct, prop: string, rule: BackfillSuccessRule, completions: number): BackfillSuccessRule {
  if (rule.succeededIndexes === undefined && rule.succeededCount === undefined) {
    throw invalid(scope, prop, rule,
      `give succeededIndexes, succeededCount or both (${SOURCE}: "at least one of succeededCount or succeededIndexes must be specified")`);
  }
  const size = rule.succeededIndexes === undefined ? undefined
    : indexSetSize(scope, `${prop}.succeededIndexes`, rule.succeededIndexes, completions);
  const count = rule.succeededCount;
  if (count !== undefined) {
    const countProp = `${prop}.succeededCount`;
    if (!Number.isInteger(count) || count < 1) {
      throw invalid(scope, countProp, count,
        'a whole number of at least 1: Kubernetes accepts 0, but a rule that needs no succeeded index is met at once and completes ' +
        'the backfill before any partition ran');
    }
    if (count > completions) {
      throw invalid(scope, countProp, count,
        `at most the number of partitions (${completions}), the Job's completions (${SOURCE}: "must be less than or equal to ${completions} ` +
        '(the number of specified completions)")');
    }
    if (size !== undefined && count > size) {
      throw invalid(scope, countProp, count,
        `at most the number of indexes in succeededIndexes "${rule.succeededIndexes}" (${size}) (${SOURCE}: "must be less than or ` +
        'equal to the number of indexes in the specified succeededIndexes field")');
    }
  }
  return {
    ...(rule.succeededIndexes === undefined ? {} : { succeededIndexes: rule.succeededIndexes }),
    ...(count === undefined ? {} : { succeededCount: count }),
  };
}

/** The number of indexes an index set names, after checking its format (validateIndexesFormat). */
function indexSetSize(scope: IConstruct, prop: string, indexes: string, completions: number): number {
  const allowed = (problem: string) => `${problem}. An index set is ascending, non-overlapping intervals separated by commas, each a ` +
    `single index or "first-last" with first < last, every index a decimal from 0 to ${completions - 1} (the partitions' indexes), ` +
    `e.g. "0-3,7" (${SOURCE}, validateIndexesFormat)`;
  if (indexes.length === 0) {
    throw invalid(scope, prop, indexes,
      'a non-empty index set: Kubernetes accepts "", but a rule over no index is met at once and completes the backfill before any ' +
      'partition ran; leave succeededIndexes out to count any index');
  }
  if (indexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) {
    throw invalid(scope, prop, `${indexes.length} characters`,
      `at most ${MAX_SUCCEEDED_INDEXES_LENGTH} characters (${SOURCE}, maxJobSuccessPolicySucceededIndexesLimit)`);
  }
  let total = 0;
  let previous: number | undefined;
  for (const interval of indexes.split(',')) {
    const bounds = interval.split('-');
    if (bounds.length > 2) {
      throw invalid(scope, prop, indexes, allowed(`the interval "${interval}" has more than two parts separated by '-'`));
    }
    const [first, last] = bounds.map((bound) => {
      if (!DECIMAL.test(bound)) throw invalid(scope, prop, indexes, allowed(`"${bound}" is not an index`));
      const index = Number(bound);
      if (index >= completions) {
        throw invalid(scope, prop, indexes, allowed(`index ${index} is too large: there are ${completions} partitions`));
      }
      return index;
    });
    const end = last ?? first;
    if (last !== undefined && first >= last) {
      throw invalid(scope, prop, indexes, allowed(`the interval "${interval}" does not ascend`));
    }
    if (previous !== undefined && previous >= first) {
      throw invalid(scope, prop, indexes, allowed(`"${interval}" does not come after the previous interval, which ends at ${previous}`));
    }
    total += end - first + 1;
    previous = end;
  }
  return total;
}
