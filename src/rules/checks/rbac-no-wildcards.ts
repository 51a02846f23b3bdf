import { RBAC_ROLE_KINDS, isRbacRole } from '../api-versions';
import { roleRules } from '../context';
import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';

export const rbacNoWildcards: Rule = {
  id: 'rbac-no-wildcards',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'Roles and ClusterRoles name their verbs, resources and API groups; no `*`.',
    why: 'A wildcard grants today\'s resources and every one added later, including custom resources installed ' +
      'after the review. Naming each grant keeps least privilege checkable.',
    failing: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: export-reader
        namespace: reports
      rules:
      - apiGroups:
        - ''
        resources:
        - configmaps
        verbs:
        - '*'
    `,
    fixed: yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: export-reader
        namespace: reports
      rules:
      - apiGroups:
        - ''
        resources:
        - configmaps
        verbs:
        - get
        - list
    `,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
  },
  appliesToText: 'Role, ClusterRole',
  passesWhen: 'no rule uses * in verbs, resources or apiGroups',
  kinds: RBAC_ROLE_KINDS,
  appliesTo: isRbacRole,
  check(doc) {
    const problems: string[] = [];
    roleRules(doc).forEach((rule, i) => {
      for (const field of ['verbs', 'resources', 'apiGroups'] as const) {
        const wild = rule[field].filter((v) => v.includes('*'));
        if (wild.length) problems.push(`rules[${i}].${field} has ${wild.map((w) => JSON.stringify(w)).join(', ')}`);
      }
    });
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}; list the exact verbs, resources and API groups the workload needs (a wildcard also grants whatever is added later).`;
  },
};
