import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid } from '../errors';

/**
 * Converts a Duration prop to whole seconds within [min, max], with an error that says why.
 * @internal
 */
export function wholeSeconds(
  scope: IConstruct,
  prop: string,
  value: Duration,
  min: number,
  max: number,
  why: string,
): number {
  let seconds: number;
  try {
    seconds = value.toSeconds();
  } catch {
    throw invalid(scope, prop, value.toHumanString(), 'must be a whole number of seconds');
  }
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw invalid(scope, prop, value.toHumanString(), `must be between ${min} and ${max} seconds (${why})`);
  }
  return seconds;
}

/**
 * Checks an integer count prop within [min, max].
 * @internal
 */
export function wholeNumber(scope: IConstruct, prop: string, value: number, min: number, max: number, why: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(scope, prop, value, `must be a whole number from ${min} to ${max} (${why})`);
  }
  return value;
}

/** int32 max: the upper bound of Kubernetes integer fields. */
export const INT32_MAX = 2147483647;
