import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { obj, str } from '../manifest';
import { Rule } from '../rule';
import { timeZoneProblem } from '../schedule-adapter';
import { CRONJOB_KINDS, isCronJob } from '../scope';

/** `TZ=` / `CRON_TZ=` at the start of a schedule, which Kubernetes rejects in favour of `timeZone`. */
export const TZ_IN_SCHEDULE = /^\s*(CRON_)?TZ=/;

export const cronjobTimezone: Rule = {
  id: 'cronjob-timezone',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The CronJob states its time zone in `spec.timeZone` with a valid IANA name.',
    why: 'Without `timeZone` the schedule runs in the time zone of the kube-controller-manager, which the ' +
      'cluster operator chooses and may change; a `TZ=` or `CRON_TZ=` prefix in the schedule is not ' +
      'supported by Kubernetes. An explicit zone makes "01:15" mean the same thing on every cluster.',
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
        timeZone: Etc/UTC
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
      'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones',
    ],
  },
  appliesToText: 'CronJob',
  passesWhen: 'timeZone is set to a valid IANA name and the schedule has no TZ=/CRON_TZ=',
  kinds: CRONJOB_KINDS,
  appliesTo: isCronJob,
  check(doc) {
    const spec = obj(doc.spec);
    const problems: string[] = [];
    const schedule = str(spec?.schedule);
    if (schedule !== undefined && TZ_IN_SCHEDULE.test(schedule)) {
      problems.push(`schedule "${schedule}" carries a TZ=/CRON_TZ= prefix, which Kubernetes rejects; move the zone to spec.timeZone`);
    }
    const zone = spec?.timeZone;
    if (zone === undefined || zone === null) {
      problems.push('timeZone is not set, so the schedule runs in the controller manager\'s local zone; set spec.timeZone (e.g. "Etc/UTC")');
    } else if (typeof zone !== 'string') {
      problems.push(`timeZone ${JSON.stringify(zone)} is not a string; set an IANA zone name such as "Etc/UTC"`);
    } else {
      const problem = timeZoneProblem(zone);
      if (problem) problems.push(`${problem}; use an IANA zone name exactly as spelled in the tz database, e.g. "Etc/UTC" or "Asia/Jakarta"`);
    }
    return problems.length ? `${problems.join('; ')}.` : undefined;
  },
};
