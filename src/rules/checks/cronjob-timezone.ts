import { RuleSeverity } from '../finding';
import { obj, str } from '../manifest';
import { Rule } from '../rule';
import { timeZoneProblem } from '../schedule-adapter';
import { isCronJob } from '../scope';

/** `TZ=` / `CRON_TZ=` at the start of a schedule, which Kubernetes rejects in favour of `timeZone`. */
const TZ_IN_SCHEDULE = /^\s*(CRON_)?TZ=/;

export const cronjobTimezone: Rule = {
  id: 'cronjob-timezone',
  severity: RuleSeverity.ERROR,
  lesson: '25.9, 14, 24',
  appliesToText: 'CronJob',
  passesWhen: 'timeZone is set to a valid IANA name and the schedule has no TZ=/CRON_TZ=',
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
