import { RuleSeverity } from '../finding';
import { nameOf, namespaceOf, podSpec, str } from '../manifest';
import { Rule } from '../rule';
import { hasClass } from '../scope';

export const migrationDedicatedServiceAccount: Rule = {
  id: 'migration-dedicated-service-account',
  severity: RuleSeverity.ERROR,
  lesson: '24',
  appliesToText: 'class migration',
  passesWhen: 'its service account is used by no workload of another class in the set',
  appliesTo: (doc, ctx) => hasClass(doc, ctx, 'migration'),
  check(doc, ctx) {
    const pod = podSpec(doc);
    const account = str(pod?.serviceAccountName) ?? str(pod?.serviceAccount) ?? 'default';
    // Each user once: two copies of one Deployment (duplicate-object) share the account once.
    const others = [...new Set(ctx.index.usersOf(account, namespaceOf(doc) ?? '')
      .filter((u) => u.doc !== doc && u.workloadClass !== 'migration')
      .map((u) => `${u.doc.kind} ${nameOf(u.doc)} (${u.workloadClass ?? 'no class'})`))];
    if (others.length === 0) return undefined;
    return `service account ${account} is shared with ${others.join(', ')}, so schema-changing rights leak to them; give the migration its own ServiceAccount.`;
  },
};
