/**
 * What makes a service account's access "broad": the privilege escalation risks listed in
 * Kubernetes' "Role Based Access Control Good Practices" page
 * (kubernetes.io/docs/concepts/security/rbac-good-practices/), plus wildcards, plus deletes granted
 * across every namespace. Only what the bound rules grant counts; being a ClusterRole does not.
 */
import { RoleGrant, RoleRule as PolicyRule, roleRules } from './context';

/** A permission the good-practices page calls a privilege escalation risk. */
interface Privilege {
  /** In words, for messages. */
  readonly name: string;
  readonly verbs: readonly string[];
  readonly apiGroup: string;
  readonly resources: readonly string[];
  /** A grant limited to named objects does not count (one named Secret is the workload's own credential). */
  readonly namedObjectsExempt?: boolean;
}

const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

const PRIVILEGES: readonly Privilege[] = [
  { name: 'reads secrets', verbs: ['get', 'list', 'watch'], apiGroup: '', resources: ['secrets'], namedObjectsExempt: true },
  { name: 'creates pods', verbs: ['create'], apiGroup: '', resources: ['pods', 'replicationcontrollers'] },
  { name: 'creates workloads', verbs: ['create'], apiGroup: 'apps', resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'] },
  { name: 'creates workloads', verbs: ['create'], apiGroup: 'batch', resources: ['jobs', 'cronjobs'] },
  { name: 'creates persistent volumes', verbs: ['create'], apiGroup: '', resources: ['persistentvolumes'] },
  // `get` on nodes/proxy already runs commands in every pod of the node.
  { name: 'reaches nodes/proxy', verbs: ['get', 'create', 'update', 'patch', 'delete'], apiGroup: '', resources: ['nodes/proxy'] },
  { name: 'escalates roles', verbs: ['escalate'], apiGroup: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles'] },
  { name: 'binds roles', verbs: ['bind'], apiGroup: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles'] },
  { name: 'impersonates', verbs: ['impersonate'], apiGroup: '', resources: ['users', 'groups', 'serviceaccounts'] },
  { name: 'impersonates', verbs: ['impersonate'], apiGroup: 'authentication.k8s.io', resources: ['userextras', 'uids'] },
  { name: 'approves certificate requests', verbs: ['update', 'patch'], apiGroup: 'certificates.k8s.io', resources: ['certificatesigningrequests/approval'] },
  { name: 'approves certificate requests', verbs: ['approve'], apiGroup: 'certificates.k8s.io', resources: ['signers'] },
  { name: 'issues service account tokens', verbs: ['create'], apiGroup: '', resources: ['serviceaccounts/token'] },
  { name: 'controls admission webhooks', verbs: WRITE, apiGroup: 'admissionregistration.k8s.io', resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'] },
  { name: 'modifies namespaces', verbs: ['update', 'patch'], apiGroup: '', resources: ['namespaces'] },
];

/** Deletes count when granted in every namespace (a ClusterRole through a ClusterRoleBinding). */
const DELETES: Privilege = { name: 'deletes across namespaces', verbs: ['delete', 'deletecollection'], apiGroup: '*', resources: ['*'] };

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources, resourceNames: [] });

/**
 * The privileged parts of Kubernetes' built-in ClusterRoles (bootstrap policy, Kubernetes'
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), so a binding to one of them is
 * judged without the role being in the set. `view` and `system:auth-delegator` (create
 * tokenreviews and subjectaccessreviews) grant nothing on the list.
 */
const BUILT_IN_CLUSTER_ROLES: ReadonlyMap<string, readonly PolicyRule[]> = new Map([
  ['cluster-admin', [rule(['*'], ['*'], ['*'])]],
  ['admin', editRules()],
  ['edit', editRules()],
  ['view', []],
  ['system:auth-delegator', [
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
  ]],
]);

function editRules(): PolicyRule[] {
  return [
    rule(['get', 'list', 'watch'], [''], ['secrets']),
    rule(['impersonate'], [''], ['serviceaccounts']),
    rule(WRITE, [''], ['pods', 'replicationcontrollers', 'secrets', 'configmaps', 'services', 'persistentvolumeclaims']),
    rule(WRITE, ['apps'], ['deployments', 'daemonsets', 'statefulsets', 'replicasets']),
    rule(WRITE, ['batch'], ['jobs', 'cronjobs']),
  ];
}

/** The rules a grant gives, or undefined when neither the set nor the built-in table knows the role. */
export function grantedRules(grant: RoleGrant): readonly PolicyRule[] | undefined {
  if (grant.role) {
    return roleRules(grant.role);
  }
  return grant.roleKind === 'ClusterRole' ? BUILT_IN_CLUSTER_ROLES.get(grant.roleName) : undefined;
}

function matches(list: readonly string[], value: string): boolean {
  return value === '*' ? list.length > 0 : list.includes(value) || list.includes('*');
}

function grants(r: PolicyRule, p: Privilege): boolean {
  if (p.namedObjectsExempt && r.resourceNames.length > 0) return false;
  return p.verbs.some((v) => matches(r.verbs, v))
    && matches(r.apiGroups, p.apiGroup)
    && p.resources.some((res) => matches(r.resources, res));
}

function hasWildcard(r: PolicyRule): boolean {
  return [r.verbs, r.apiGroups, r.resources].some((list) => list.some((v) => v.includes('*')));
}

/**
 * Answers of {@link broadPermissions} by grant. The index hands out one grant object per
 * account and role for the whole run, and every workload under that account asks again.
 */
const broadByGrant = new WeakMap<RoleGrant, readonly string[]>();

/**
 * Why a grant is broad, in words (`reads secrets`, `uses wildcards`, ...), de-duplicated in list
 * order; empty when it is not broad or the role is unknown.
 */
export function broadPermissions(grant: RoleGrant): readonly string[] {
  let found = broadByGrant.get(grant);
  if (!found) {
    found = findBroadPermissions(grant);
    broadByGrant.set(grant, found);
  }
  return found;
}

function findBroadPermissions(grant: RoleGrant): string[] {
  const rules = grantedRules(grant) ?? [];
  const clusterWide = grant.roleKind === 'ClusterRole' && grant.bindingNamespace === '' && grant.bindingKind === 'ClusterRoleBinding';
  const found = new Set<string>();
  for (const r of rules) {
    if (hasWildcard(r)) found.add('uses wildcards');
    for (const p of PRIVILEGES) {
      if (grants(r, p)) found.add(p.name);
    }
    if (clusterWide && grants(r, DELETES)) found.add(DELETES.name);
  }
  return [...found];
}
