import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { namespaceOf, str } from '../manifest';
import { Rule } from '../rule';
import { POD_KINDS, isPodLevelTarget } from '../scope';

export const dedicatedServiceAccount: Rule = {
  id: 'dedicated-service-account',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The workload runs under its own ServiceAccount, and mounts its token only when a role is bound to ' +
      'it.',
    why: 'Pods that share the namespace\'s `default` account share whatever anyone ever granted it, and a token' +
      ' mounted without need is a credential an attacker in the container gets for free. A ServiceAccount ' +
      'per workload keeps grants reviewable; `automountServiceAccountToken: false` removes the token when ' +
      'the workload needs no API access.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    fixed: yaml`
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: nightly-export
        namespace: reports
      automountServiceAccountToken: false
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
            automountServiceAccountToken: false
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
  },
  appliesToText: 'workload (with scope all: every object that runs pods)',
  passesWhen: 'serviceAccountName is set and not default; automountServiceAccountToken is false unless a Role/ClusterRole is bound to the account in the set',
  kinds: POD_KINDS,
  appliesTo: isPodLevelTarget,
  check(doc, ctx) {
    const pod = ctx.podSpec(doc);
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
