import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Obj, namespaceOf, str } from '../manifest';
import { requiresNodeLabel } from '../node-placement';
import { broadPermissions } from '../rbac-privileges';
import { Rule, RuleContext } from '../rule';
import { WORKLOAD_KINDS, isWorkload } from '../scope';

/** Each grant of the workload's account that is broad, as `ClusterRole edit (reads secrets, creates pods)`. */
function broadGrants(doc: Obj, ctx: RuleContext): string[] {
  const pod = ctx.podSpec(doc);
  const account = str(pod?.serviceAccountName) ?? str(pod?.serviceAccount) ?? 'default';
  const grants = ctx.index.grantsFor(account, namespaceOf(doc) ?? '');
  // Most accounts are bound to nothing: answer without building a set.
  if (grants.length === 0) return [];
  const out = new Set<string>();
  for (const grant of grants) {
    const why = broadPermissions(grant);
    if (why.length > 0) out.add(`${grant.roleKind} ${grant.roleName} (${why.join(', ')})`);
  }
  return [...out];
}

export const broadAccessTrustedPool: Rule = {
  id: 'broad-access-trusted-pool',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'A workload whose account holds broad permissions runs only on a trusted node pool (`<p>/node-pool`).',
    why: 'Reading Secrets, creating pods or deleting across namespaces is enough to take over much of a ' +
      'cluster. A pod with such rights that can land on any node shares that node with workloads an ' +
      'attacker may already control; pinning it to a dedicated pool limits what a compromised neighbour can' +
      ' reach.',
    failing: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: secret-reader
        namespace: reports
      rules:
      - apiGroups:
        - ''
        resources:
        - secrets
        verbs:
        - get
        - list
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: nightly-export
        namespace: reports
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: Role
        name: secret-reader
      subjects:
      - kind: ServiceAccount
        name: nightly-export
        namespace: reports
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            serviceAccountName: nightly-export
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    fixed: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: secret-reader
        namespace: reports
      rules:
      - apiGroups:
        - ''
        resources:
        - secrets
        verbs:
        - get
        - list
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: nightly-export
        namespace: reports
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: Role
        name: secret-reader
      subjects:
      - kind: ServiceAccount
        name: nightly-export
        namespace: reports
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            serviceAccountName: nightly-export
            nodeSelector:
              platform.example.com/node-pool: trusted
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
  },
  appliesToText: 'workload whose account is bound to privileged permissions (Kubernetes RBAC good practices), wildcards, or deletes across namespaces',
  passesWhen: 'the pod has a nodeSelector or required node affinity on <p>/node-pool',
  kinds: WORKLOAD_KINDS,
  appliesTo: (doc, ctx) => isWorkload(doc, ctx) && broadGrants(doc, ctx).length > 0,
  check(doc, ctx) {
    const key = `${ctx.prefix}/node-pool`;
    if (requiresNodeLabel(ctx.podSpec(doc), key)) return undefined;
    return `its service account is bound to ${broadGrants(doc, ctx).join('; ')}, broad API access, but the pod can land on any node; pin it to a trusted pool with nodeSelector (or required node affinity) on ${key}.`;
  },
};
