import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid } from '../errors';
import { explain, explainFields } from './decisions';
import { kubeObject } from './kube-object';
import { checkObjectName, isDns1123Subdomain } from './names';

/**
 * Least-privilege RBAC generated from what a workload says it touches:
 * exactly the listed resources, only the verbs the work needs, never a wildcard.
 */

/**
 * A kind of Kubernetes object a workload may read and delete.
 */
export interface ResourceTarget {
  /**
   * API group of the resource: `""` for the core group (pods, configmaps, secrets...), e.g.
   * `batch` for jobs. Wildcards are refused.
   */
  readonly apiGroup: string;

  /**
   * Resource name as RBAC spells it: lower-case plural, e.g. `jobs`, `configmaps`. Wildcards and
   * subresources are refused.
   */
  readonly resource: string;

  /**
   * Only these objects by name. RBAC cannot restrict `list` by name, so with names the
   * workload gets `get` (and `delete`) on exactly these objects and no `list`.
   * @default - every object of the resource in scope
   */
  readonly resourceNames?: string[];
}

/** What the workload does with its targets. @internal */
export enum AccessMode {
  /** Find candidates: get and list. */
  READ = 'read',
  /** Find and delete candidates: get, list and delete. */
  READ_DELETE = 'read-delete',
}

/** The generated objects and whether they count as broad access (rule broad-access-trusted-pool). @internal */
export interface GeneratedRbac {
  readonly role: ApiObject;
  readonly binding: ApiObject;
  /** A ClusterRole, or a Role that can delete or touch Secrets: the pod must run on a trusted pool. */
  readonly broad: boolean;
  /** The rules as written, for tests and annotations. */
  readonly rules: k8s.PolicyRule[];
}

/** @internal */
export interface RbacOptions {
  readonly name: string;
  /** Namespace of the workload and its ServiceAccount. */
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly targets: ResourceTarget[];
  readonly mode: AccessMode;
  readonly clusterWide: boolean;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/**
 * Built-in resources that exist only cluster-wide: a namespaced Role cannot grant them, so
 * asking for one without `clusterWide` is a mistake we can name (list from the Kubernetes API
 * reference; custom resources are not known here).
 */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  '/namespaces', '/nodes', '/persistentvolumes', '/componentstatuses',
  'rbac.authorization.k8s.io/clusterroles', 'rbac.authorization.k8s.io/clusterrolebindings',
  'storage.k8s.io/storageclasses', 'storage.k8s.io/csidrivers', 'storage.k8s.io/csinodes', 'storage.k8s.io/volumeattachments',
  'apiextensions.k8s.io/customresourcedefinitions', 'scheduling.k8s.io/priorityclasses',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations', 'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'apiregistration.k8s.io/apiservices', 'certificates.k8s.io/certificatesigningrequests', 'node.k8s.io/runtimeclasses',
]);
const RESOURCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Validates the targets and renders them as RBAC rules: one rule per target, sorted by group and
 * resource so the Role reads the same however the targets were listed.
 * @internal
 */
export function policyRules(scope: Construct, targets: ResourceTarget[], mode: AccessMode, clusterWide: boolean): k8s.PolicyRule[] {
  const seen = new Set<string>();
  const rules = targets.map((target, i) => {
    const where = `targets[${i}]`;
    const group = target?.apiGroup;
    const resource = target?.resource;
    if (typeof group !== 'string' || group.includes('*') || (group !== '' && !isDns1123Subdomain(group))) {
      throw invalid(scope, `${where}.apiGroup`, group,
        'an API group name ("" for the core group, e.g. "batch"); wildcards are refused: least privilege names each group');
    }
    if (typeof resource !== 'string' || resource.includes('*') || !RESOURCE.test(resource)) {
      throw invalid(scope, `${where}.resource`, resource,
        'a lower-case plural resource name (e.g. "jobs", "configmaps"); no wildcards or subresources');
    }
    const key = `${group}/${resource}`;
    if (seen.has(key)) {
      throw invalid(scope, `${where}.resource`, key, 'each apiGroup/resource may be listed once; merge the resourceNames');
    }
    seen.add(key);
    if (!clusterWide && CLUSTER_SCOPED.has(key)) {
      throw invalid(scope, `${where}.resource`, key,
        'is cluster-scoped, which a namespaced Role cannot grant; set clusterWide: true (the pod then runs on the trusted node pool)');
    }
    const names = target.resourceNames;
    if (names !== undefined) {
      if (names.length === 0) {
        throw invalid(scope, `${where}.resourceNames`, names, 'leave it unset for every object, or list at least one name');
      }
      for (const name of names) {
        if (typeof name !== 'string' || name.includes('*') || !isDns1123Subdomain(name)) {
          throw invalid(scope, `${where}.resourceNames`, name, 'object names (DNS-1123 subdomains); wildcards are refused');
        }
      }
    }
    const verbs = verbsFor(mode, names !== undefined);
    const rule: k8s.PolicyRule = explain(names === undefined
      ? { apiGroups: [group], resources: [resource], verbs }
      : { apiGroups: [group], resources: [resource], resourceNames: [...new Set(names)].sort(), verbs },
    'verbs', verbsReason(mode, names !== undefined));
    return { key, rule };
  });
  return rules.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.rule);
}

const BINDING_REASONS = {
  roleRef: 'the role generated from the targets, and nothing else',
  subjects: 'only the workload\'s own ServiceAccount (rule dedicated-service-account)',
};

/**
 * Creates the Role (or ClusterRole) and its binding to the workload's own ServiceAccount.
 * @internal
 */
export function leastPrivilegeRbac(scope: Construct, options: RbacOptions): GeneratedRbac {
  const rules = policyRules(scope, options.targets, options.mode, options.clusterWide);
  const subjects: k8s.Subject[] = [{ kind: 'ServiceAccount', name: options.serviceAccountName, namespace: options.namespace }];
  let role: ApiObject;
  let binding: ApiObject;
  if (options.clusterWide) {
    // ClusterRole names are global: the namespace keeps two teams' cleanups apart.
    const clusterName = checkObjectName(scope, 'name', `${options.namespace}-${options.name}`, 253,
      'the ClusterRole is named <namespace>-<name>, a DNS-1123 subdomain');
    const metadata = explain({ name: clusterName, labels: options.labels, annotations: options.annotations }, 'name',
      '<namespace>-<name>: cluster-wide names are global, and the namespace keeps two teams\' cleanups apart');
    role = kubeObject(scope, 'ClusterRole', k8s.KubeClusterRole, { metadata, rules });
    binding = kubeObject(scope, 'ClusterRoleBinding', k8s.KubeClusterRoleBinding, explainFields({
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects,
    }, BINDING_REASONS));
    // cdk8s stamps the chart namespace on every object; cluster-scoped objects have none.
    for (const object of [role, binding]) {
      if (object.metadata.namespace !== undefined) {
        object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    }
  } else {
    const metadata = { name: options.name, namespace: options.namespace, labels: options.labels, annotations: options.annotations };
    role = kubeObject(scope, 'Role', k8s.KubeRole, { metadata, rules });
    binding = kubeObject(scope, 'RoleBinding', k8s.KubeRoleBinding, explainFields({
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: options.name },
      subjects,
    }, BINDING_REASONS));
  }
  return { role, binding, rules, broad: options.clusterWide || grantsBroadAccess(rules) };
}

/**
 * The rule broad-access-trusted-pool's definition of broad: deleting, or any access to Secrets.
 * @internal
 */
export function grantsBroadAccess(rules: k8s.PolicyRule[]): boolean {
  return rules.some((r) => (r.verbs ?? []).some((v) => v === 'delete' || v === 'deletecollection')
    || (r.resources ?? []).includes('secrets'));
}

function verbsReason(mode: AccessMode, named: boolean): string {
  const read = named ? 'get for the named objects only' : 'get and list to find candidates';
  return mode === AccessMode.READ_DELETE
    ? `${read}, and delete: the least the cleanup needs, no wildcards (rule rbac-no-wildcards)`
    : `${read}; no delete while the cleanup is a dry run (rule rbac-no-wildcards)`;
}

function verbsFor(mode: AccessMode, named: boolean): string[] {
  const read = named ? ['get'] : ['get', 'list'];
  return mode === AccessMode.READ_DELETE ? [...read, 'delete'] : read;
}
