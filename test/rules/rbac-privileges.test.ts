import { RoleGrant } from '../../src/rules/context';
import { broadPermissions } from '../../src/rules/rbac-privileges';

/** A grant of a Role in the set with one rule, bound by a RoleBinding (one namespace). */
function namespaced(rule: Record<string, string[]>): RoleGrant {
  return {
    roleKind: 'Role',
    roleName: 'r',
    bindingNamespace: 'apps',
    bindingKind: 'RoleBinding',
    role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules: [rule] },
  };
}

function clusterWide(rule: Record<string, string[]>): RoleGrant {
  return { ...namespaced(rule), roleKind: 'ClusterRole', bindingNamespace: '', bindingKind: 'ClusterRoleBinding' };
}

describe('broad permissions: the RBAC good practices list', () => {
  test.each<[string, Record<string, string[]>, string[]]>([
    ['get secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }, ['reads secrets']],
    ['watch secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['watch'] }, ['reads secrets']],
    ['create pods', { apiGroups: [''], resources: ['pods'], verbs: ['create'] }, ['creates pods']],
    ['create jobs', { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] }, ['creates workloads']],
    ['create daemonsets', { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['create'] }, ['creates workloads']],
    ['create persistentvolumes', { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['create'] }, ['creates persistent volumes']],
    ['get nodes/proxy', { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }, ['reaches nodes/proxy']],
    ['escalate clusterroles', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate'] }, ['escalates roles']],
    ['bind roles', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] }, ['binds roles']],
    ['impersonate users', { apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }, ['impersonates']],
    ['approve CSRs', { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update'] }, ['approves certificate requests']],
    ['approve for a signer', { apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'] }, ['approves certificate requests']],
    ['create tokens', { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }, ['issues service account tokens']],
    ['patch webhooks', { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['patch'] }, ['controls admission webhooks']],
    ['patch namespaces', { apiGroups: [''], resources: ['namespaces'], verbs: ['patch'] }, ['modifies namespaces']],
    ['a wildcard verb on configmaps', { apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }, ['uses wildcards']],
    ['everything', { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, [
      'uses wildcards', 'reads secrets', 'creates pods', 'creates workloads', 'creates persistent volumes', 'reaches nodes/proxy', 'escalates roles',
      'binds roles', 'impersonates', 'approves certificate requests', 'issues service account tokens', 'controls admission webhooks', 'modifies namespaces',
    ]],
  ])('%s', (_title, rule, why) => {
    expect(broadPermissions(namespaced(rule))).toEqual(why);
  });

  test.each<[string, Record<string, string[]>]>([
    ['reading configmaps', { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    ['listing pods', { apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
    ['token and access reviews', { apiGroups: ['authentication.k8s.io', 'authorization.k8s.io'], resources: ['tokenreviews', 'subjectaccessreviews'], verbs: ['create'] }],
    ['deleting configmaps in one namespace', { apiGroups: [''], resources: ['configmaps'], verbs: ['delete'] }],
    ['secrets in the wrong API group', { apiGroups: ['apps'], resources: ['secrets'], verbs: ['get'] }],
    ['a named secret', { apiGroups: [''], resources: ['secrets'], resourceNames: ['own-credentials'], verbs: ['get'] }],
  ])('%s is not broad', (_title, rule) => {
    expect(broadPermissions(namespaced(rule))).toEqual([]);
  });

  test('deletes are broad only when granted in every namespace', () => {
    const rule = { apiGroups: [''], resources: ['configmaps'], verbs: ['delete'] };
    expect(broadPermissions(clusterWide(rule))).toEqual(['deletes across namespaces']);
    // A ClusterRole through a RoleBinding grants in that namespace only.
    expect(broadPermissions({ ...clusterWide(rule), bindingNamespace: 'apps', bindingKind: 'RoleBinding' })).toEqual([]);
  });

  test('built-in ClusterRoles are known by name; other roles outside the set are not judged', () => {
    const byName = (roleName: string, roleKind = 'ClusterRole'): RoleGrant => ({ roleKind, roleName, bindingNamespace: 'apps', bindingKind: 'RoleBinding' });
    expect(broadPermissions(byName('cluster-admin'))).toContain('uses wildcards');
    expect(broadPermissions(byName('edit'))).toEqual(['reads secrets', 'impersonates', 'creates pods', 'creates workloads']);
    expect(broadPermissions(byName('admin'))).toEqual(['reads secrets', 'impersonates', 'creates pods', 'creates workloads']);
    expect(broadPermissions(byName('view'))).toEqual([]);
    expect(broadPermissions(byName('system:auth-delegator'))).toEqual([]);
    expect(broadPermissions(byName('vendor-operator'))).toEqual([]);
    expect(broadPermissions(byName('edit', 'Role'))).toEqual([]);
  });
});
