import { RoleGrant, roleRules } from '../context';
import { RuleSeverity } from '../finding';
import { Obj, namespaceOf, podSpec, str } from '../manifest';
import { requiresNodeLabel } from '../node-placement';
import { Rule, RuleContext } from '../rule';
import { isWorkload } from '../scope';

/** A grant is broad when it is a ClusterRole, or a Role that can delete or read/write Secrets. */
function isBroad(grant: RoleGrant): boolean {
  if (grant.roleKind === 'ClusterRole') return true;
  if (!grant.role) return false;
  return roleRules(grant.role).some((r) => r.verbs.some((v) => v === 'delete' || v === 'deletecollection' || v === '*')
    || r.resources.some((res) => res === 'secrets' || res === '*'));
}

function broadGrants(doc: Obj, ctx: RuleContext): RoleGrant[] {
  const pod = podSpec(doc);
  const account = str(pod?.serviceAccountName) ?? str(pod?.serviceAccount) ?? 'default';
  return ctx.index.grantsFor(account, namespaceOf(doc) ?? '').filter(isBroad);
}

export const broadAccessTrustedPool: Rule = {
  id: 'broad-access-trusted-pool',
  severity: RuleSeverity.ERROR,
  lesson: '24',
  appliesToText: 'workload whose account is bound to a ClusterRole, or to a Role that can delete or touch secrets',
  passesWhen: 'the pod has a nodeSelector or required node affinity on <p>/node-pool',
  appliesTo: (doc, ctx) => isWorkload(doc, ctx) && broadGrants(doc, ctx).length > 0,
  check(doc, ctx) {
    const key = `${ctx.prefix}/node-pool`;
    if (requiresNodeLabel(podSpec(doc), key)) return undefined;
    const grants = broadGrants(doc, ctx).map((g) => `${g.roleKind} ${g.roleName}`);
    return `its service account is bound to ${grants.join(', ')} (broad API access) but the pod can land on any node; pin it to a trusted pool with nodeSelector (or required node affinity) on ${key}.`;
  },
};
