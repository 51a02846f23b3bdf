import { parseKubernetesVersion, VERSION_ALLOWED } from '../core/kubernetes-version';
import { invalid } from '../errors';
import { AdmissionCheck } from './admission-check';
import { and, not } from './cel';
import { admissionChecks } from './coverage';
import { suppressed } from './suppression';
import { AdmissionKind, WorkloadView } from './workload-view';
import { DEFAULT_PREFIX } from '../rules/engine';
import { RuleSeverity } from '../rules/finding';
import { RULES } from '../rules/pack';

/**
 * The ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding objects that enforce the
 * rules decidable from one object, as plain JSON: what the `BatchAdmissionPolicy` construct
 * emits and what `cdk8s-batch policy` prints. No cdk8s here, so the CLI can load it.
 *
 * One policy (and one binding) per rule and kind, named `cdk8s-batch-<rule-id>-<kind>` and
 * labelled `<prefix>/rule-id: <rule-id>`: Kubernetes type-checks every expression against every
 * kind a policy matches, and a CronJob's job template is no field of a Job.
 */

/** What happens to an object that breaks an error-severity rule. */
export enum AdmissionEnforcement {
  /** The API server rejects it (`validationActions: [Deny]`). */
  DENY = 'deny',
  /**
   * The API server admits it, returns a warning to the client and records an audit annotation
   * (`[Warn, Audit]`): for rolling the policies out before denying.
   */
  WARN = 'warn',
}

/** Options of {@link buildAdmissionPolicyObjects} (the construct's props, as plain values). */
export interface AdmissionPolicyOptions {
  readonly enforcement?: AdmissionEnforcement;
  readonly annotationPrefix?: string;
  /** The target Kubernetes version, "1.N"; 1.30 or later. */
  readonly kubernetesVersion?: string;
  /** Namespaces never checked (default: the system namespaces). */
  readonly excludedNamespaces?: readonly string[];
  /** Only namespaces with these labels are checked (default: every namespace not excluded). */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** Node label / taint key of the batch pool (default workload-tier), as the audit's batchPoolKey. */
  readonly batchPoolKey?: string;
  /** Its value (default batch). */
  readonly batchPoolValue?: string;
  /** Where errors point (a construct path; the CLI's name otherwise). */
  readonly where?: string;
}

/** Namespaces the policies leave alone unless told otherwise: the cluster's own. */
export const DEFAULT_EXCLUDED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/** ValidatingAdmissionPolicy is GA (admissionregistration.k8s.io/v1) from this minor version. */
export const MIN_ADMISSION_MINOR = 30;

/**
 * The user the CronJob controller acts as when the controller manager runs with
 * `--use-service-account-credentials` (each controller its own service account). Without that
 * flag every controller is `system:kube-controller-manager`, and Jobs a CronJob creates are
 * checked like any other Job.
 */
export const CRONJOB_CONTROLLER_USER = 'system:serviceaccount:kube-system:cronjob-controller';

const API_VERSION = 'admissionregistration.k8s.io/v1';
const NAME_PREFIX = 'cdk8s-batch';

/** The policy name of a rule and kind. */
export function policyName(ruleId: string, kind: AdmissionKind): string {
  return `${NAME_PREFIX}-${ruleId}-${kind.toLowerCase()}`;
}

/** One generated policy with what it enforces (for tests and the differential). */
export interface AdmissionPolicyPair {
  readonly ruleId: string;
  readonly kind: AdmissionKind;
  readonly policy: Record<string, any>;
  readonly binding: Record<string, any>;
}

/** The policies and bindings, policy then its binding, in rule order then kind order. */
export function buildAdmissionPolicyObjects(options: AdmissionPolicyOptions = {}): object[] {
  return buildAdmissionPolicyPairs(options).flatMap((p) => [p.policy, p.binding]);
}

/** As {@link buildAdmissionPolicyObjects}, grouped per rule and kind. */
export function buildAdmissionPolicyPairs(options: AdmissionPolicyOptions = {}): AdmissionPolicyPair[] {
  const where = options.where ?? 'BatchAdmissionPolicy';
  checkVersion(where, options.kubernetesVersion);
  const prefix = checkPrefix(where, options.annotationPrefix);
  const enforcement = checkEnforcement(where, options.enforcement);
  const excluded = checkNamespaces(where, options.excludedNamespaces ?? DEFAULT_EXCLUDED_NAMESPACES);
  const namespaceLabels = checkLabels(where, options.namespaceLabels ?? {});
  const batchPool = { key: checkLabelKey(where, 'batchPoolKey', options.batchPoolKey ?? 'workload-tier'), value: checkLabelValue(where, 'batchPoolValue', options.batchPoolValue ?? 'batch') };
  const severity = new Map(RULES.map((r) => [r.id, r.severity]));
  const pairs: AdmissionPolicyPair[] = [];
  for (const check of admissionChecks(batchPool)) {
    const actions = severity.get(check.ruleId) === RuleSeverity.ERROR && enforcement === AdmissionEnforcement.DENY ? ['Deny'] : ['Warn', 'Audit'];
    for (const kind of check.kinds) {
      const view = new WorkloadView(kind, prefix);
      const name = policyName(check.ruleId, kind);
      const labels = { 'app.kubernetes.io/managed-by': NAME_PREFIX, [`${prefix}/rule-id`]: check.ruleId };
      pairs.push({
        ruleId: check.ruleId,
        kind,
        policy: {
          apiVersion: API_VERSION,
          kind: 'ValidatingAdmissionPolicy',
          metadata: { name, labels },
          spec: {
            failurePolicy: 'Fail',
            matchConstraints: {
              resourceRules: [{ apiGroups: [view.shape.group], apiVersions: [view.shape.version], operations: ['CREATE'], resources: [view.shape.resource] }],
            },
            ...optionalList('matchConditions', matchConditions(check, view)),
            validations: [{ expression: check.passes(view), message: `${check.ruleId}: ${check.message(prefix)}`, reason: 'Invalid' }],
          },
        },
        binding: {
          apiVersion: API_VERSION,
          kind: 'ValidatingAdmissionPolicyBinding',
          metadata: { name, labels },
          spec: {
            policyName: name,
            validationActions: actions,
            matchResources: { namespaceSelector: namespaceSelector(excluded, namespaceLabels) },
          },
        },
      });
    }
  }
  return pairs;
}

/**
 * The conditions under which the rule judges the object; an object that fails one is not
 * checked by this policy at all (cheaper than folding them into the validation).
 */
function matchConditions(check: AdmissionCheck, view: WorkloadView): { name: string; expression: string }[] {
  const out: { name: string; expression: string }[] = [];
  // A Deployment is a batch workload when it carries a workload class (the audit also counts an
  // unlabelled one a queue scaler drives, which needs the scaler: CI only).
  if (view.kind === 'Deployment' && !check.outsideBatchScope) out.push({ name: 'batch-workload', expression: view.hasClassLabel() });
  // A Job the CronJob controller creates is judged through its CronJob (the audit never sees it;
  // its template is the CronJob's). The owner reference alone could be written by anyone who may
  // create Jobs; the request's user can only be the controller's own service account.
  if (view.kind === 'Job') {
    out.push({
      name: 'not-created-by-cronjob-controller',
      expression: not(and(
        `request.userInfo.username == "${CRONJOB_CONTROLLER_USER}"`,
        'has(object.metadata.ownerReferences)',
        'object.metadata.ownerReferences.exists(r, r.apiVersion == "batch/v1" && r.kind == "CronJob" && has(r.controller) && r.controller)',
      )),
    });
  }
  const applies = check.appliesTo?.(view) ?? 'true';
  if (applies !== 'true') out.push({ name: 'rule-applies', expression: applies });
  // A broken suppression must stay visible: suppression-reason itself cannot be suppressed.
  if (check.ruleId !== 'suppression-reason') out.push({ name: 'not-suppressed', expression: not(suppressed(view, check.ruleId)) });
  return out;
}

function optionalList<T>(key: string, list: readonly T[]): Record<string, readonly T[]> {
  return list.length > 0 ? { [key]: list } : {};
}

function namespaceSelector(excluded: readonly string[], labels: Readonly<Record<string, string>>): Record<string, unknown> {
  const selector: Record<string, unknown> = {};
  if (Object.keys(labels).length > 0) selector.matchLabels = { ...labels };
  if (excluded.length > 0) selector.matchExpressions = [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...excluded] }];
  return selector;
}

function checkVersion(where: string, given: string | undefined): void {
  if (given === undefined) return;
  const version = parseKubernetesVersion(given);
  if (!version) throw invalid(where, 'kubernetesVersion', given, VERSION_ALLOWED);
  if (version.minor < MIN_ADMISSION_MINOR) {
    throw invalid(where, 'kubernetesVersion', given, `1.${MIN_ADMISSION_MINOR} or later: ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) is GA from Kubernetes 1.${MIN_ADMISSION_MINOR}`);
  }
}

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_NAME = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?=.{0,63}$)(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkPrefix(where: string, given: string | undefined): string {
  const prefix = (given ?? DEFAULT_PREFIX).replace(/\/+$/, '');
  // The prefix becomes a label key prefix (<prefix>/rule-id), a DNS subdomain as Kubernetes requires.
  if (!DNS_SUBDOMAIN.test(prefix)) {
    throw invalid(where, 'annotationPrefix', given, 'a DNS subdomain such as "platform.example.com" (lower case; the prefix part of a Kubernetes label key)');
  }
  return prefix;
}

function checkEnforcement(where: string, given: AdmissionEnforcement | undefined): AdmissionEnforcement {
  const allowed: readonly string[] = Object.values(AdmissionEnforcement);
  if (given !== undefined && !allowed.includes(given)) throw invalid(where, 'enforcement', given, `one of ${allowed.join(', ')}`);
  return given ?? AdmissionEnforcement.DENY;
}

function checkNamespaces(where: string, names: readonly string[]): readonly string[] {
  names.forEach((name, i) => {
    if (typeof name !== 'string' || !DNS_LABEL.test(name)) throw invalid(where, `excludedNamespaces[${i}]`, name, 'a namespace name (a DNS label: lower case letters, digits and -, at most 63 characters)');
  });
  return names;
}

function checkLabelKey(where: string, prop: string, key: string): string {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (typeof key !== 'string' || !LABEL_NAME.test(name) || (prefix !== undefined && !DNS_SUBDOMAIN.test(prefix))) {
    throw invalid(where, prop, key, 'a label key: an optional DNS-subdomain prefix and /, then a name of at most 63 letters, digits, -, _ and .');
  }
  return key;
}

function checkLabelValue(where: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !LABEL_VALUE.test(value)) throw invalid(where, prop, value, 'a label value: at most 63 letters, digits, -, _ and ., starting and ending with a letter or digit');
  return value;
}

function checkLabels(where: string, labels: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  for (const [key, value] of Object.entries(labels)) {
    checkLabelKey(where, `namespaceLabels key ${key}`, key);
    checkLabelValue(where, `namespaceLabels["${key}"]`, value);
  }
  return labels;
}
