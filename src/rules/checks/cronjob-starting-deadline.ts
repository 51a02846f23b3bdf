import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { isSet, num, obj, str } from '../manifest';
import { Rule } from '../rule';
import { parseSchedule } from '../schedule-adapter';
import { CRONJOB_KINDS, isCronJob } from '../scope';

/** The CronJob controller gives up on a CronJob that missed more than this many schedules. */
export const MAX_MISSED_SCHEDULES = 100;

export const cronjobStartingDeadline: Rule = {
  id: 'cronjob-starting-deadline',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The CronJob sets `startingDeadlineSeconds`, shorter than 100 schedule intervals.',
    why: 'Without a starting deadline, the controller counts every run missed since the last one after an ' +
      'outage or a suspension, and Kubernetes documents that with more than 100 missed runs it does not start ' +
      'the Job. A starting deadline also decides whether a late run still starts: a report due at 01:15 may be ' +
      'useless at 09:00.',
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
        startingDeadlineSeconds: 600
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
      'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation',
    ],
  },
  appliesToText: 'CronJob',
  passesWhen: `startingDeadlineSeconds is set, and shorter than ${MAX_MISSED_SCHEDULES} schedule intervals`,
  kinds: CRONJOB_KINDS,
  appliesTo: isCronJob,
  check(doc, ctx) {
    const spec = obj(doc.spec);
    const deadline = num(spec?.startingDeadlineSeconds);
    // A value of the wrong type is set, just unusable: field-invalid reports it.
    if (deadline === undefined && isSet(spec?.startingDeadlineSeconds)) return undefined;
    if (deadline === undefined) {
      return 'startingDeadlineSeconds is not set, so after downtime or unsuspend the controller counts every missed schedule (and stops at 100); set how late a missed run may still start, e.g. 900.';
    }
    const schedule = str(spec?.schedule);
    const parsed = schedule === undefined ? undefined : parseSchedule(schedule, str(spec?.timeZone));
    if (!parsed?.ok) return undefined;
    const gap = parsed.schedule.shortestGapSeconds(ctx.now);
    if (gap === undefined || deadline / gap < MAX_MISSED_SCHEDULES) return undefined;
    return `startingDeadlineSeconds ${deadline} spans ${Math.floor(deadline / gap)} runs of "${schedule}" (every ${gap} s at the shortest), so the controller's ${MAX_MISSED_SCHEDULES}-missed-schedules stop can still hit; keep it below ${gap * MAX_MISSED_SCHEDULES} s.`;
  },
};
