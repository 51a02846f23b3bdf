import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { nameOf } from '../manifest';
import { Rule } from '../rule';
import { isCronJob, isQueueWorker } from '../scope';

export const freshnessAlert: Rule = {
  id: 'freshness-alert',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'A PrometheusRule in the set alerts when the work is stale: time since the last successful run ' +
      '(CronJob), or message age, lag or backlog (queue worker).',
    why: 'An alert on "Job failed" stays silent when no Job started at all: a suspended CronJob, a controller ' +
      'outage, a schedule typo. An alert on business freshness fires whatever the reason the work did not ' +
      'happen. The audit looks for a PrometheusRule (Prometheus Operator) in the same set that names the ' +
      'workload.',
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
      ---
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata:
        name: ledger-reconciliation-alerts
        namespace: finance
      spec:
        groups:
        - name: ledger-reconciliation
          rules:
          - alert: LedgerReconciliationStale
            expr: kube_job_status_failed{job_name=~"ledger-reconciliation.*"} > 0
            for: 15m
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
      ---
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata:
        name: ledger-reconciliation-alerts
        namespace: finance
      spec:
        groups:
        - name: ledger-reconciliation
          rules:
          - alert: LedgerReconciliationStale
            expr: time() - kube_cronjob_status_last_successful_time{cronjob="ledger-reconciliation"} > 93600
            for: 15m
    `,
  },
  appliesToText: 'CronJob, queue-worker',
  passesWhen: 'a PrometheusRule in the set alerts on this workload\'s last successful run (CronJob) or oldest message age / lag / backlog (queue worker)',
  kinds: ['CronJob', 'Deployment'],
  appliesTo: (doc, ctx) => isCronJob(doc) || isQueueWorker(doc, ctx),
  check(doc, ctx) {
    const name = nameOf(doc);
    const cron = isCronJob(doc);
    const alerts = ctx.index.alertsMentioning(name);
    if (alerts.some((a) => (cron ? a.lastSuccess : a.backlog))) return undefined;
    const signal = cron
      ? `time since the last successful run (e.g. time() - kube_cronjob_status_last_successful_time{cronjob="${name}"} > ...)`
      : `oldest message age, consumer lag or backlog for ${name}`;
    const near = alerts.length ? ` (alerts ${[...new Set(alerts.map((a) => a.alert))].join(', ')} mention it but not that signal)` : '';
    return `no PrometheusRule in the set alerts on business freshness${near}; add an alert on ${signal}, since "Job failed" alone misses runs that never started.`;
  },
};
