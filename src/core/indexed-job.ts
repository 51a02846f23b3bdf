import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { isDns1123Label } from './names';

/**
 * The API server's rules for the Indexed Job fields, checked at synth so a bad combination fails
 * with a message naming the prop instead of at `kubectl apply`.
 *
 * Source of every rule: kubernetes/kubernetes pkg/apis/batch/validation/validation.go
 * (validateJobSpec, validatePodFailurePolicyRule, ValidateJob), constants
 * maxParallelismForIndexedJob = 100000, maxFailedIndexesForIndexedJob = 100_000,
 * completionsSoftLimit = 100_000, parallelismLimitForHighCompletions = 10_000,
 * maxFailedIndexesLimitForHighCompletions = 10_000.
 */

const SOURCE = 'kubernetes pkg/apis/batch/validation';
export const MAX_PARALLELISM_INDEXED = 100_000;
export const MAX_FAILED_INDEXES = 100_000;
export const COMPLETIONS_SOFT_LIMIT = 100_000;
export const HIGH_COMPLETIONS_PARALLELISM_LIMIT = 10_000;
export const HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT = 10_000;

/** The Job fields the rules look at, as they will be written. @internal */
export interface IndexedJobFields {
  readonly jobName: string;
  /** `Indexed` or `NonIndexed`. */
  readonly completionMode: string;
  readonly completions?: number;
  readonly parallelism?: number;
  readonly backoffLimitPerIndex?: number;
  readonly maxFailedIndexes?: number;
  /** Whether a podFailurePolicy rule uses the FailIndex action. */
  readonly usesFailIndex: boolean;
}

/** Which user prop each field comes from, for the error message. @internal */
export interface IndexedJobPropNames {
  readonly jobName: string;
  readonly completions: string;
  readonly parallelism: string;
  readonly backoffLimitPerIndex: string;
  readonly maxFailedIndexes: string;
  readonly failIndex: string;
}

/**
 * Throws a BatchValidationError for the first Kubernetes rule the fields break.
 * @internal
 */
export function checkIndexedJobFields(scope: IConstruct, fields: IndexedJobFields, props: IndexedJobPropNames): void {
  const indexed = fields.completionMode === 'Indexed';
  const { completions, parallelism, backoffLimitPerIndex: perIndex, maxFailedIndexes: maxFailed } = fields;

  nonNegative(scope, props.completions, completions, 'completions');
  nonNegative(scope, props.parallelism, parallelism, 'parallelism');
  nonNegative(scope, props.backoffLimitPerIndex, perIndex, 'backoffLimitPerIndex');
  nonNegative(scope, props.maxFailedIndexes, maxFailed, 'maxFailedIndexes');

  if (!indexed) {
    if (perIndex !== undefined) {
      throw invalid(scope, props.backoffLimitPerIndex, perIndex, `backoffLimitPerIndex requires completionMode Indexed (${SOURCE})`);
    }
    if (maxFailed !== undefined) {
      throw invalid(scope, props.maxFailedIndexes, maxFailed, `maxFailedIndexes requires completionMode Indexed (${SOURCE})`);
    }
  }
  if (maxFailed !== undefined && perIndex === undefined) {
    throw invalid(scope, props.maxFailedIndexes, maxFailed, `maxFailedIndexes requires backoffLimitPerIndex to be set (${SOURCE})`);
  }
  if (fields.usesFailIndex && perIndex === undefined) {
    throw invalid(scope, props.failIndex, 'FailIndex', `the podFailurePolicy action FailIndex requires backoffLimitPerIndex to be set (${SOURCE})`);
  }
  if (!indexed) {
    return;
  }

  if (completions === undefined) {
    throw invalid(scope, props.completions, completions, `completions is required when completionMode is Indexed (${SOURCE})`);
  }
  if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
    throw invalid(scope, props.parallelism, parallelism,
      `must be at most ${MAX_PARALLELISM_INDEXED} when completionMode is Indexed (${SOURCE}, maxParallelismForIndexedJob)`);
  }
  if (maxFailed !== undefined && maxFailed > completions) {
    throw invalid(scope, props.maxFailedIndexes, maxFailed,
      `must be at most completions (${completions}) (${SOURCE})`);
  }
  if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) {
    throw invalid(scope, props.maxFailedIndexes, maxFailed,
      `must be at most ${MAX_FAILED_INDEXES} (${SOURCE}, maxFailedIndexesForIndexedJob)`);
  }
  if (completions > COMPLETIONS_SOFT_LIMIT && perIndex !== undefined) {
    const why = `when completions (${completions}) is above ${COMPLETIONS_SOFT_LIMIT} and backoffLimitPerIndex is set (${SOURCE})`;
    if (maxFailed === undefined) {
      throw invalid(scope, props.maxFailedIndexes, maxFailed, `is required ${why}`);
    }
    if (parallelism !== undefined && parallelism > HIGH_COMPLETIONS_PARALLELISM_LIMIT) {
      throw invalid(scope, props.parallelism, parallelism, `must be at most ${HIGH_COMPLETIONS_PARALLELISM_LIMIT} ${why}`);
    }
    if (maxFailed > HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT) {
      throw invalid(scope, props.maxFailedIndexes, maxFailed, `must be at most ${HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT} ${why}`);
    }
  }
  if (completions > 0) {
    // Each pod's hostname is `<job name>-<index>`; the last one must still be a DNS-1123 label.
    const lastHostname = `${fields.jobName}-${completions - 1}`;
    if (!isDns1123Label(lastHostname)) {
      throw invalid(scope, props.jobName, fields.jobName,
        `the pod hostname of the last index, "${lastHostname}", must be a DNS-1123 label of at most 63 characters (${SOURCE}, ValidateJob)`);
    }
  }
}

function nonNegative(scope: IConstruct, prop: string, value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 2147483647)) {
    throw invalid(scope, prop, value, `${field} must be a non-negative 32-bit whole number (${SOURCE})`);
  }
}
