import { Obj, str } from './manifest';

/**
 * Which apiVersion/kind pairs Kubernetes no longer serves, and which ones the audit reads.
 *
 * The removals are those of the Kubernetes "Deprecated API Migration Guide" (removed APIs by
 * release) for the kinds a repository of workloads holds, plus `batch/v2alpha1` CronJob (an
 * alpha version that was never served by default and was removed in 1.21, when CronJob became
 * `batch/v1`). An object in a removed version is rejected by every supported API server
 * (`no matches for kind "CronJob" in version "batch/v1beta1"`), so the audit reports it
 * (`api-version-removed`) and no other rule judges it as if it were current.
 */

/** Where a removed apiVersion/kind went. */
export interface RemovedApi {
  /** The Kubernetes release that stopped serving it, e.g. `1.25`. */
  readonly removedIn: string;
  /** The apiVersion to use instead, or what replaces the kind when nothing serves it any more. */
  readonly replacement: string;
}

const APPS_V1 = 'apps/v1';
const removed = (removedIn: string, replacement: string): RemovedApi => ({ removedIn, replacement });

/** apiVersion → kind → removal. */
const REMOVED: ReadonlyMap<string, ReadonlyMap<string, RemovedApi>> = new Map(Object.entries({
  'batch/v1beta1': { CronJob: removed('1.25', 'batch/v1') },
  'batch/v2alpha1': { CronJob: removed('1.21', 'batch/v1') },
  'extensions/v1beta1': {
    Deployment: removed('1.16', APPS_V1),
    DaemonSet: removed('1.16', APPS_V1),
    ReplicaSet: removed('1.16', APPS_V1),
    NetworkPolicy: removed('1.16', 'networking.k8s.io/v1'),
    PodSecurityPolicy: removed('1.16', 'Pod Security Admission (PodSecurityPolicy itself was removed in 1.25)'),
    Ingress: removed('1.22', 'networking.k8s.io/v1'),
  },
  'apps/v1beta1': {
    Deployment: removed('1.16', APPS_V1),
    StatefulSet: removed('1.16', APPS_V1),
    ReplicaSet: removed('1.16', APPS_V1),
  },
  'apps/v1beta2': {
    Deployment: removed('1.16', APPS_V1),
    StatefulSet: removed('1.16', APPS_V1),
    DaemonSet: removed('1.16', APPS_V1),
    ReplicaSet: removed('1.16', APPS_V1),
  },
  'rbac.authorization.k8s.io/v1beta1': {
    Role: removed('1.22', 'rbac.authorization.k8s.io/v1'),
    ClusterRole: removed('1.22', 'rbac.authorization.k8s.io/v1'),
    RoleBinding: removed('1.22', 'rbac.authorization.k8s.io/v1'),
    ClusterRoleBinding: removed('1.22', 'rbac.authorization.k8s.io/v1'),
  },
  'networking.k8s.io/v1beta1': {
    Ingress: removed('1.22', 'networking.k8s.io/v1'),
    IngressClass: removed('1.22', 'networking.k8s.io/v1'),
  },
  'scheduling.k8s.io/v1beta1': { PriorityClass: removed('1.22', 'scheduling.k8s.io/v1') },
  'policy/v1beta1': {
    PodDisruptionBudget: removed('1.25', 'policy/v1'),
    PodSecurityPolicy: removed('1.25', 'Pod Security Admission'),
  },
  'autoscaling/v2beta1': { HorizontalPodAutoscaler: removed('1.25', 'autoscaling/v2') },
  'autoscaling/v2beta2': { HorizontalPodAutoscaler: removed('1.26', 'autoscaling/v2') },
}).map(([version, kinds]) => [version, new Map(Object.entries(kinds))]));

/** Every kind some removed apiVersion served (as `Rule.kinds` of the rule that reports them). */
export const REMOVED_KINDS: readonly string[] = [...new Set([...REMOVED.values()].flatMap((kinds) => [...kinds.keys()]))].sort();

/** The removal of an object's apiVersion/kind, when Kubernetes no longer serves it. */
export function removedApi(doc: Obj): RemovedApi | undefined {
  const version = doc.apiVersion;
  if (typeof version !== 'string') return undefined;
  const kind = doc.kind;
  return typeof kind === 'string' ? REMOVED.get(version)?.get(kind) : undefined;
}

/**
 * The apiVersions served today for the kinds the rules read (objects that run pods, and the
 * objects the cross-object rules look up). Lets the audit tell a kind it reads apart from
 * one that merely looks like it.
 */
const SERVED: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  Job: ['batch/v1'],
  CronJob: ['batch/v1'],
  Deployment: [APPS_V1],
  StatefulSet: [APPS_V1],
  DaemonSet: [APPS_V1],
  ReplicaSet: [APPS_V1],
  ReplicationController: ['v1'],
  Pod: ['v1'],
  ServiceAccount: ['v1'],
  Role: ['rbac.authorization.k8s.io/v1'],
  ClusterRole: ['rbac.authorization.k8s.io/v1'],
  RoleBinding: ['rbac.authorization.k8s.io/v1'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io/v1'],
  HorizontalPodAutoscaler: ['autoscaling/v1', 'autoscaling/v2'],
  PodDisruptionBudget: ['policy/v1'],
  ScaledJob: ['keda.sh/v1alpha1'],
  ScaledObject: ['keda.sh/v1alpha1'],
  PrometheusRule: ['monitoring.coreos.com/v1'],
}));

/** Known kinds by their lower-case spelling, to name the kind a mis-cased one meant. */
const BY_LOWER_CASE: ReadonlyMap<string, string> = new Map([...SERVED.keys()].map((kind) => [kind.toLowerCase(), kind]));

/** The kinds {@link isRbacRole} accepts (as `Rule.kinds`). */
export const RBAC_ROLE_KINDS: readonly string[] = ['Role', 'ClusterRole'];

/** Whether an object is a Role or ClusterRole in the served RBAC version. */
export function isRbacRole(doc: Obj): boolean {
  return (doc.kind === 'Role' || doc.kind === 'ClusterRole') && doc.apiVersion === 'rbac.authorization.k8s.io/v1';
}

/** API groups built into Kubernetes that hold the kinds above (a CRD's group is not one of them). */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'extensions', 'policy', 'autoscaling', 'rbac.authorization.k8s.io', 'networking.k8s.io']);

/** Whether an apiVersion's group is where a kind could live: built in, or the group that serves it (KEDA, Prometheus operator). */
function groupCouldHold(apiVersion: string, served: readonly string[]): boolean {
  const group = groupOf(apiVersion);
  return BUILT_IN_GROUPS.has(group) || served.some((v) => groupOf(v) === group);
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Why the audit cannot read an object it would otherwise check, or undefined: a kind the rules
 * read, spelt in the wrong case (the API server matches kinds exactly), or in an apiVersion of a
 * built-in group that does not serve it and was never a removed version of it (those are
 * `api-version-removed` findings); or a kustomize Kustomization, whose neighbouring files are
 * inputs to a build. A custom resource that shares a kind's name in its own group (Volcano's
 * `batch.volcano.sh` Job) is another kind, not a mistake, and gets no note.
 */
export function notUnderstood(doc: Obj): string | undefined {
  const kind = str(doc.kind) ?? '';
  const apiVersion = str(doc.apiVersion) ?? '';
  const served = SERVED.get(kind);
  if (served) {
    if (served.includes(apiVersion) || removedApi(doc) || !groupCouldHold(apiVersion, served)) return undefined;
    return `no Kubernetes version serves ${kind} in apiVersion ${apiVersion} (it is ${served.join(' or ')}), so the API server rejects it and no rule checked it`;
  }
  if (kind === 'Kustomization' && apiVersion.startsWith('kustomize.config.k8s.io/')) {
    return 'a kustomize Kustomization: the files beside it are patches and bases, not what is applied; audit the build output instead (kustomize build DIR | cdk8s-batch audit -)';
  }
  const meant = BY_LOWER_CASE.get(kind.toLowerCase());
  if (meant && groupCouldHold(apiVersion, SERVED.get(meant)!)) {
    return `kind "${kind}" is not a Kubernetes kind (kinds are case-sensitive; did you mean "${meant}"?), so the API server rejects it and no rule checked it`;
  }
  return undefined;
}
