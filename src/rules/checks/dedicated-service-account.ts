import { RuleSeverity } from '../finding';
import { namespaceOf, podSpec, str } from '../manifest';
import { Rule } from '../rule';
import { isPodLevelTarget } from '../scope';

export const dedicatedServiceAccount: Rule = {
  id: 'dedicated-service-account',
  severity: RuleSeverity.ERROR,
  lesson: '25.15',
  appliesToText: 'workload (with scope all: every object that runs pods)',
  passesWhen: 'serviceAccountName is set and not default; automountServiceAccountToken is false unless a Role/ClusterRole is bound to the account in the set',
  appliesTo: isPodLevelTarget,
  check(doc, ctx) {
    const pod = podSpec(doc);
    const account = str(pod?.serviceAccountName) ?? str(pod?.serviceAccount);
    if (account === undefined || account === 'default') {
      return 'the pod runs as the namespace\'s default service account, which other workloads share; create a ServiceAccount for this workload and set serviceAccountName.';
    }
    const ns = namespaceOf(doc) ?? '';
    if (ctx.index.grantsFor(account, ns).length > 0) return undefined;
    // The pod's field wins; when unset, the ServiceAccount's own setting applies (default true).
    const podSetting = pod?.automountServiceAccountToken;
    const accountSetting = ctx.index.serviceAccount(account, ns)?.automountServiceAccountToken;
    const mounted = typeof podSetting === 'boolean' ? podSetting : accountSetting !== false;
    if (!mounted) return undefined;
    return `service account ${account} has no Role or ClusterRole bound in this set, yet its token is mounted; set automountServiceAccountToken: false (or bind the least-privilege Role it needs).`;
  },
};
