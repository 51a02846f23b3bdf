import { isRbacRole } from '../api-versions';
import { roleRules } from '../context';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';

export const rbacNoWildcards: Rule = {
  id: 'rbac-no-wildcards',
  severity: RuleSeverity.ERROR,
  lesson: '25.15, 20',
  appliesToText: 'Role, ClusterRole',
  passesWhen: 'no rule uses * in verbs, resources or apiGroups',
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
