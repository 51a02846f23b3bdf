import { RuleSeverity } from '../finding';
import { Obj, namespaceOf, podSpec, str } from '../manifest';
import { requiresNodeLabel } from '../node-placement';
import { broadPermissions } from '../rbac-privileges';
import { Rule, RuleContext } from '../rule';
import { isWorkload } from '../scope';

/** Each grant of the workload's account that is broad, as `ClusterRole edit (reads secrets, creates pods)`. */
function broadGrants(doc: Obj, ctx: RuleContext): string[] {
  const pod = podSpec(doc);
  const account = str(pod?.serviceAccountName) ?? str(pod?.serviceAccount) ?? 'default';
  const out = new Set<string>();
  for (const grant of ctx.index.grantsFor(account, namespaceOf(doc) ?? '')) {
    const why = broadPermissions(grant);
    if (why.length > 0) out.add(`${grant.roleKind} ${grant.roleName} (${why.join(', ')})`);
  }
  return [...out];
}

export const broadAccessTrustedPool: Rule = {
  id: 'broad-access-trusted-pool',
  severity: RuleSeverity.ERROR,
  lesson: '24',
  appliesToText: 'workload whose account is bound to privileged permissions (Kubernetes RBAC good practices), wildcards, or deletes across namespaces',
  passesWhen: 'the pod has a nodeSelector or required node affinity on <p>/node-pool',
  appliesTo: (doc, ctx) => isWorkload(doc, ctx) && broadGrants(doc, ctx).length > 0,
  check(doc, ctx) {
    const key = `${ctx.prefix}/node-pool`;
    if (requiresNodeLabel(podSpec(doc), key)) return undefined;
    return `its service account is bound to ${broadGrants(doc, ctx).join('; ')}, broad API access, but the pod can land on any node; pin it to a trusted pool with nodeSelector (or required node affinity) on ${key}.`;
  },
};
