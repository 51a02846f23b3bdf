import { RuleSeverity } from '../finding';
import { obj, str } from '../manifest';
import { Rule } from '../rule';
import { parseSchedule } from '../schedule-adapter';
import { isCronJob } from '../scope';

/** How many hazards a message lists before summarising. */
const SHOWN = 3;

export const cronjobDstHazard: Rule = {
  id: 'cronjob-dst-hazard',
  severity: RuleSeverity.WARNING,
  lesson: '14',
  appliesToText: 'CronJob',
  passesWhen: 'no run the schedule means is lost or made twice by a UTC offset change of its time zone',
  appliesTo: isCronJob,
  check(doc, ctx) {
    const spec = obj(doc.spec);
    const schedule = str(spec?.schedule);
    const zone = str(spec?.timeZone);
    // Without a zone the controller's local zone is unknown (cronjob-timezone reports that).
    if (schedule === undefined || zone === undefined) return undefined;
    const parsed = parseSchedule(schedule, zone);
    if (!parsed?.ok) return undefined;
    const hazards = parsed.schedule.dstHazards(ctx.now);
    if (hazards.length === 0) return undefined;
    const shown = hazards.slice(0, SHOWN).map((h) => h.description).join('; ');
    const more = hazards.length > SHOWN ? ` (and ${hazards.length - SHOWN} more)` : '';
    return `"${schedule}" in ${zone} loses or doubles runs at daylight-saving changes: ${shown}${more}; `
      + 'move the schedule out of the changeover hours, or use "Etc/UTC".';
  },
};
