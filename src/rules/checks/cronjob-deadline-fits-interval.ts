import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { num, obj, path, str } from '../manifest';
import { Rule } from '../rule';
import { parseSchedule } from '../schedule-adapter';
import { CRONJOB_KINDS, isCronJob } from '../scope';

export const cronjobDeadlineFitsInterval: Rule = {
  id: 'cronjob-deadline-fits-interval',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'A CronJob that forbids overlap has a runtime limit shorter than the gap between two runs.',
    why: 'With `Forbid`, a run that is still active when the next one is due makes the controller skip that ' +
      'run. A deadline longer than the interval lets one slow run silently cost the next ones.',
    failing: yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: ledger-reconciliation
        namespace: finance
      spec:
        schedule: 0 * * * *
        concurrencyPolicy: Forbid
        jobTemplate:
          spec:
            activeDeadlineSeconds: 7200
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
        schedule: 0 * * * *
        concurrencyPolicy: Forbid
        jobTemplate:
          spec:
            activeDeadlineSeconds: 3000
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
  appliesToText: 'CronJob with Forbid',
  passesWhen: 'activeDeadlineSeconds is below the shortest gap between two scheduled runs',
  kinds: CRONJOB_KINDS,
  appliesTo: (doc) => isCronJob(doc) && path(doc, 'spec', 'concurrencyPolicy') === 'Forbid',
  check(doc, ctx) {
    const spec = obj(doc.spec);
    const schedule = str(spec?.schedule);
    const parsed = schedule === undefined ? undefined : parseSchedule(schedule, str(spec?.timeZone));
    if (!parsed?.ok) return undefined;
    const gap = parsed.schedule.shortestGapSeconds(ctx.now);
    // A schedule that does not run twice within a year cannot overlap itself.
    if (gap === undefined) return undefined;
    const deadline = num(ctx.jobSpec(doc)?.activeDeadlineSeconds);
    if (deadline !== undefined && deadline < gap) return undefined;
    const given = deadline === undefined ? 'is not set' : `is ${deadline} s`;
    return `with Forbid, a run that outlives the interval makes the next runs skip; the job template's activeDeadlineSeconds ${given} but "${schedule}" can fire every ${gap} s; set activeDeadlineSeconds below ${gap}.`;
  },
};
