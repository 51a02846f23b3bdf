import { REMOVED_KINDS, removedApi } from '../api-versions';
import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { str } from '../manifest';
import { Rule } from '../rule';

/**
 * Not a batch practice: the ground every other rule stands on. An object in an apiVersion that
 * Kubernetes no longer serves is rejected on apply, so the rules cannot say anything true about
 * it (a `batch/v1beta1` CronJob has no `timeZone` to ask for); this rule says what to change.
 */
export const apiVersionRemoved: Rule = {
  id: 'api-version-removed',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The object uses an apiVersion the API server still serves.',
    why: 'Kubernetes removes deprecated API versions (`batch/v1beta1` CronJob in 1.25, `policy/v1beta1` in ' +
      '1.25, `autoscaling/v2beta2` in 1.26, ...). A manifest in a removed version fails to apply, and no ' +
      'other rule can judge it, since its fields may differ.',
    failing: yaml`
      apiVersion: batch/v1beta1
      kind: CronJob
      metadata:
        name: ledger-reconciliation
        namespace: finance
      spec:
        schedule: 15 1 * * *
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: reconcile
                  image: registry.example.com/finance/reconciler:2026.07.01
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: ledger-reconciliation
        namespace: finance
      spec:
        schedule: 15 1 * * *
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: reconcile
                  image: registry.example.com/finance/reconciler:2026.07.01
    `,
    references: [
      'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
    ],
  },
  appliesToText: 'any object in a removed apiVersion',
  passesWhen: 'its apiVersion is still served (not batch/v1beta1, batch/v2alpha1, extensions/v1beta1, apps/v1beta1, apps/v1beta2, rbac.authorization.k8s.io/v1beta1, policy/v1beta1, autoscaling/v2beta1 or v2beta2, ...)',
  kinds: REMOVED_KINDS,
  appliesTo: (doc) => removedApi(doc) !== undefined,
  check(doc) {
    const removed = removedApi(doc)!;
    const replacement = removed.replacement.includes('/') && !removed.replacement.includes(' ')
      ? `change apiVersion to ${removed.replacement}`
      : `move to ${removed.replacement}`;
    return `${str(doc.kind)} in apiVersion ${str(doc.apiVersion)} is no longer served since Kubernetes ${removed.removedIn}, so the API server rejects it and no other rule checked it; ${replacement} (then check the fields that version changed).`;
  },
};
