import { RuleSeverity } from '../finding';
import { nameOf } from '../manifest';
import { Rule } from '../rule';
import { isCronJob, isQueueWorker } from '../scope';

export const freshnessAlert: Rule = {
  id: 'freshness-alert',
  severity: RuleSeverity.WARNING,
  lesson: '25.13, 22',
  appliesToText: 'CronJob, queue-worker',
  passesWhen: 'a PrometheusRule in the set alerts on this workload\'s last successful run (CronJob) or oldest message age / lag / backlog (queue worker)',
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
