import { RuleSeverity } from '../finding';
import { nameOf, namespaceOf, podSpec, str } from '../manifest';
import { Rule } from '../rule';
import { hasClass } from '../scope';

/** The message names this many of the account's other users (a finding stays one readable line). */
const MAX_NAMED = 10;

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
    // One answer per account and namespace (each user once), however many migrations share it.
    const others = ctx.index.usersOutsideClass(account, namespaceOf(doc) ?? '', 'migration');
    if (others.length === 0) return undefined;
    const named = others.slice(0, MAX_NAMED).map((u) => `${u.doc.kind} ${nameOf(u.doc)} (${u.workloadClass ?? 'no class'})`);
    const more = others.length > MAX_NAMED ? ` and ${others.length - MAX_NAMED} more` : '';
    return `service account ${account} is shared with ${named.join(', ')}${more}, so schema-changing rights leak to them; give the migration its own ServiceAccount.`;
  },
};
