import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { isSet, path, str } from '../manifest';
import { Rule } from '../rule';
import { parseSchedule } from '../schedule-adapter';
import { CRONJOB_KINDS, isCronJob } from '../scope';

/**
 * Not a batch practice of its own but the ground the schedule rules stand on: a schedule the
 * controller cannot parse never creates a Job ("invalid schedule").
 */
export const cronjobSchedule: Rule = {
  id: 'cronjob-schedule',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The CronJob\'s schedule parses as the Kubernetes CronJob controller parses it, and fires at least ' +
      'once.',
    why: 'A schedule the controller cannot parse never creates a Job, and the only trace is an event on the ' +
      'CronJob. `0 0 30 2 *` (30 February) parses but never fires. Every other schedule rule stands on a ' +
      'schedule that works.',
    failing: yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: ledger-reconciliation
        namespace: finance
      spec:
        schedule: 15 1 * * * *
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
      'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax',
    ],
  },
  appliesToText: 'CronJob',
  passesWhen: 'schedule is set, parses as the Kubernetes CronJob controller parses it, and fires at least once',
  kinds: CRONJOB_KINDS,
  appliesTo: isCronJob,
  check(doc, ctx) {
    const value = path(doc, 'spec', 'schedule');
    const schedule = str(value);
    // A schedule of the wrong type (a number) is field-invalid's finding.
    if (schedule === undefined && isSet(value)) return undefined;
    if (schedule === undefined || schedule.trim() === '') {
      return 'spec.schedule is not set; give a five-field cron expression such as "15 1 * * *".';
    }
    // A TZ= prefix is cronjob-timezone's finding; parse the rest so the expression is still checked.
    const expression = schedule.replace(/^\s*(CRON_)?TZ=\S+\s+/, '');
    const parsed = parseSchedule(expression, 'Etc/UTC');
    if (!parsed) return undefined;
    if (!parsed.ok) return `schedule "${schedule}" does not parse: ${parsed.error}; Kubernetes would never create a Job from it.`;
    // robfig/cron's Next gives up after five years without a match and returns the zero time; the
    // controller then never creates a Job (a date that does not exist, such as 31 February).
    if (parsed.schedule.runsAfter(ctx.now)) return undefined;
    return `schedule "${schedule}" never runs: no date matches it (the API server accepts it, but the CronJob controller finds no run time within five years and never creates a Job); fix the day-of-month and month fields.`;
  },
};
