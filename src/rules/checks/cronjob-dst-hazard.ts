import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { obj, str } from '../manifest';
import { Rule } from '../rule';
import { parseSchedule } from '../schedule-adapter';
import { CRONJOB_KINDS, isCronJob } from '../scope';

/** How many hazards a message lists before summarising. */
const SHOWN = 3;

export const cronjobDstHazard: Rule = {
  id: 'cronjob-dst-hazard',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'No scheduled run is skipped or made twice when the CronJob\'s time zone changes between summer and ' +
      'winter time.',
    why: 'In a zone with daylight saving time, the hour that is skipped in spring and repeated in autumn ' +
      'contains times that do not exist or exist twice. A run scheduled then is lost or runs twice that ' +
      'day. Schedule outside the changeover hours, or use a zone without daylight saving time.',
    failing: yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: ledger-reconciliation
        namespace: finance
      spec:
        schedule: 30 2 * * *
        timeZone: Europe/Berlin
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
        schedule: 30 4 * * *
        timeZone: Europe/Berlin
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
  passesWhen: 'no run the schedule means is lost or made twice by a UTC offset change of its time zone',
  kinds: CRONJOB_KINDS,
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
