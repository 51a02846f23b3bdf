import { TZ_IN_SCHEDULE } from '../../rules/checks/cronjob-timezone';
import { timeZoneProblem } from '../../rules/schedule-adapter';
import { knownTimeZones } from '../../schedule/time-zone-name';
import { AdmissionCheck } from '../admission-check';
import { WS, and, celString, celStrings, not } from '../cel';

/**
 * The zones the rule accepts: every name of the embedded tz database that passes the rule's
 * (and the API server's) checks, as a list the CEL tests membership in. A zone the list lacks
 * fails at admission as it fails in the audit.
 */
function acceptedZones(): string[] {
  return knownTimeZones().filter((zone) => timeZoneProblem(zone) === undefined);
}

/** The rule's TZ_IN_SCHEDULE for RE2, with JavaScript's `\s` spelled out. */
function tzPrefixPattern(): string {
  if (TZ_IN_SCHEDULE.source !== '^\\s*(CRON_)?TZ=') throw new Error('cronjob-timezone: TZ_IN_SCHEDULE changed; update its CEL translation');
  return `^${WS}(?:CRON_)?TZ=`;
}

export const cronjobTimezoneCheck: AdmissionCheck = {
  ruleId: 'cronjob-timezone',
  kinds: ['CronJob'],
  passes: (v) => {
    const schedule = v.field(['spec', 'schedule']);
    const zone = v.field(['spec', 'timeZone']);
    return and(
      not(and(schedule.present, `${schedule.value}.matches(${celString(tzPrefixPattern())})`)),
      zone.present,
      `${zone.value} in ${celStrings(acceptedZones())}`,
    );
  },
  message: () => 'timeZone is not set or not an IANA zone name, or the schedule carries a TZ=/CRON_TZ= prefix; set spec.timeZone to an IANA zone name exactly as spelled in the tz database (e.g. "Etc/UTC" or "Asia/Jakarta") and keep the zone out of the schedule.',
};
