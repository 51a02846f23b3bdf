import { RuleSeverity } from '../finding';
import { path, str } from '../manifest';
import { Rule } from '../rule';
import { parseSchedule } from '../schedule-adapter';
import { isCronJob } from '../scope';

/**
 * Not a CHECKLIST row of its own but the ground the schedule rules stand on: a schedule the
 * controller cannot parse never creates a Job (lesson section 23, "invalid schedule").
 */
export const cronjobSchedule: Rule = {
  id: 'cronjob-schedule',
  severity: RuleSeverity.ERROR,
  lesson: '23, 12',
  appliesToText: 'CronJob',
  passesWhen: 'schedule is set and parses as the Kubernetes CronJob controller parses it',
  appliesTo: isCronJob,
  check(doc) {
    const schedule = str(path(doc, 'spec', 'schedule'));
    if (schedule === undefined || schedule.trim() === '') {
      return 'spec.schedule is not set; give a five-field cron expression such as "15 1 * * *".';
    }
    // A TZ= prefix is cronjob-timezone's finding; parse the rest so the expression is still checked.
    const expression = schedule.replace(/^\s*(CRON_)?TZ=\S+\s+/, '');
    const parsed = parseSchedule(expression, 'Etc/UTC');
    if (!parsed || parsed.ok) return undefined;
    return `schedule "${schedule}" does not parse: ${parsed.error}; Kubernetes would never create a Job from it.`;
  },
};
