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

/** Kubernetes' `.`/`..` rule for keys that become file names (hasChDirPrefix). */
function isChDir(value: string): boolean {
  return value === '.' || value === '..' || value.startsWith('..');
}

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** What a Secret or ConfigMap key may be, in the words of an error message. @internal */
export const CONFIG_MAP_KEY_RULE = 'a Secret key: letters, digits, \'-\', \'_\' and \'.\', at most 253 characters, ' +
  'not "." or ".." and not starting with ".." (Kubernetes IsConfigMapKey)';

/**
 * A key of a ConfigMap or Secret (apimachinery IsConfigMapKey): `[-._a-zA-Z0-9]+`, at most 253
 * characters, not `.` or `..` and not starting with `..` (keys become file names in volumes).
 * @internal
 */
export function isConfigMapKey(value: unknown): boolean {
  return typeof value === 'string' && value.length <= DNS1123_SUBDOMAIN_MAX && CONFIG_MAP_KEY.test(value) && !isChDir(value);
}

/** What an environment variable name may be, in the words of an error message. @internal */
export const ENV_VAR_NAME_RULE = 'an environment variable name must consist of letters, digits, \'_\', \'-\' or \'.\', ' +
  'must not start with a digit and must not be "." or ".." or start with ".." (Kubernetes IsEnvVarName). ' +
  'Kubernetes 1.34 accepts any printable ASCII except \'=\' (RelaxedEnvironmentVariableValidation, on by default since 1.32), ' +
  'but API servers before 1.32 reject such names, and these manifests target Kubernetes 1.28 and later';

/**
 * An environment variable name every Kubernetes version this library targets (1.28+) accepts:
 * apimachinery IsEnvVarName, `[-._a-zA-Z][-._a-zA-Z0-9]*` and not `.`, `..` or `..`-prefixed.
 * The relaxed rule (any printable ASCII but `=`, feature gate RelaxedEnvironmentVariableValidation:
 * alpha 1.30, on by default 1.32, GA 1.34) is a superset, so these names pass everywhere.
 * @internal
 */
export function isEnvVarName(value: unknown): boolean {
  return typeof value === 'string' && ENV_VAR_NAME.test(value) && !isChDir(value);
}
