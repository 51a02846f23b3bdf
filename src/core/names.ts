import { IConstruct } from 'constructs';
import { invalid } from '../errors';

/**
 * Kubernetes name and label rules, in one place, so every construct says the same thing about them.
 *
 * Sources: k8s.io/apimachinery/pkg/util/validation (IsDNS1123Label, IsDNS1123Subdomain,
 * IsValidLabelValue, IsQualifiedName) and the batch API rules for Job and CronJob names.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;

/**
 * A Job's name becomes the value of the `batch.kubernetes.io/job-name` label on its pods, so it
 * must fit a label value (63 characters) even though object names may otherwise be longer.
 */
export const JOB_NAME_MAX = 63;

/**
 * The CronJob controller names each Job `<cronjob-name>-<scheduled minute>`, appending 11
 * characters, so the API server limits CronJob names to 63 - 11 = 52 characters.
 */
export const CRONJOB_NAME_MAX = 52;

/*
 * Every check refuses a value that is not a string before testing it: `RegExp.test` converts its
 * argument to a string, so the number 5 would pass as the name "5" and reach the manifest as a
 * number, which Kubernetes rejects.
 */

/** @internal */
export function isDns1123Label(value: string): boolean {
  return typeof value === 'string' && value.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(value);
}

/** @internal */
export function isDns1123Subdomain(value: string): boolean {
  return typeof value === 'string' && value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

/**
 * Checks an object name against DNS-1123 (lower-case alphanumerics and '-', starting and ending
 * alphanumeric) and a kind-specific length limit, explaining where the limit comes from.
 * @internal
 */
export function checkObjectName(
  scope: IConstruct | string,
  prop: string,
  value: string,
  maxLength: number,
  limitReason: string,
): string {
  if (typeof value !== 'string' || !DNS1123_LABEL.test(value)) {
    throw invalid(scope, prop, value,
      'a Kubernetes object name must be a DNS-1123 label: lower-case letters, digits and \'-\', ' +
      'starting and ending with a letter or digit');
  }
  if (value.length > maxLength) {
    throw invalid(scope, prop, value,
      `must be at most ${maxLength} characters (${limitReason}); it has ${value.length}`);
  }
  return value;
}

/**
 * Checks a label value: at most 63 characters, alphanumerics with '-', '_' and '.' inside.
 * @internal
 */
export function checkLabelValue(scope: IConstruct | string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > LABEL_VALUE_MAX || !LABEL_VALUE.test(value)) {
    throw invalid(scope, prop, value,
      'a Kubernetes label value must be at most 63 characters of letters, digits, \'-\', \'_\' ' +
      'and \'.\', starting and ending with a letter or digit');
  }
  return value;
}

/**
 * Checks the prefix used for our labels and annotations: it becomes the prefix of a qualified
 * name, which Kubernetes requires to be a DNS-1123 subdomain of at most 253 characters.
 * @internal
 */
export function checkKeyPrefix(scope: IConstruct | string, prop: string, value: string): string {
  if (!isDns1123Subdomain(value)) {
    throw invalid(scope, prop, value,
      'a label/annotation key prefix must be a DNS-1123 subdomain (e.g. "platform.example.com"), ' +
      'at most 253 characters');
  }
  return value;
}

/**
 * Checks the name part of a qualified key (after the prefix '/'): at most 63 characters.
 * @internal
 */
export function isQualifiedNamePart(value: string): boolean {
  return typeof value === 'string' && value.length <= 63 && QUALIFIED_NAME_PART.test(value);
}

/**
 * A label (or annotation) key: an optional DNS-1123 subdomain prefix and '/', then a name part
 * of at most 63 characters (IsQualifiedName).
 * @internal
 */
export function isLabelKey(key: string): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return isQualifiedNamePart(name) && (slash < 0 || isDns1123Subdomain(key.slice(0, slash)));
}

/**
 * Turns free text such as a schema version (`2026_07_01_001`) into a DNS-1123 label fragment
 * (`2026-07-01-001`): lower case, anything else becomes '-', runs of '-' collapse, no leading or
 * trailing '-'. Stable: the same input always gives the same fragment.
 * @internal
 */
export function toDnsLabelFragment(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
