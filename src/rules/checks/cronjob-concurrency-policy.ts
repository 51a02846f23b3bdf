import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { path } from '../manifest';
import { Rule } from '../rule';
import { CRONJOB_KINDS, isCronJob } from '../scope';

const POLICIES = ['Allow', 'Forbid', 'Replace'];

export const cronjobConcurrencyPolicy: Rule = {
  id: 'cronjob-concurrency-policy',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The CronJob sets `concurrencyPolicy` itself.',
    why: 'The default, `Allow`, starts the next run while the previous one is still running. Whether that is ' +
      'safe depends on the work; the field should say what was decided.',
    failing: yaml`
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
    fixed: yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: ledger-reconciliation
        namespace: finance
      spec:
        schedule: 15 1 * * *
        concurrencyPolicy: Forbid
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
      'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy',
    ],
  },
  appliesToText: 'CronJob',
  passesWhen: 'concurrencyPolicy is set explicitly',
  kinds: CRONJOB_KINDS,
  appliesTo: isCronJob,
  check(doc) {
    const policy = path(doc, 'spec', 'concurrencyPolicy');
    if (typeof policy === 'string' && POLICIES.includes(policy)) return undefined;
    if (policy === undefined || policy === null) {
      return 'concurrencyPolicy is not set, so runs may overlap (default Allow); set Forbid for reconciliation, reports and cleanup, or Allow/Replace when overlap is safe.';
    }
    return `concurrencyPolicy ${JSON.stringify(policy)} is not one of ${POLICIES.join(', ')}; Kubernetes rejects it.`;
  },
};
