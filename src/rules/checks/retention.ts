import { RuleSeverity } from '../finding';
import { num, obj, workloadKind } from '../manifest';
import { Rule } from '../rule';
import { isJobLike } from '../scope';

export const retention: Rule = {
  id: 'retention',
  severity: RuleSeverity.ERROR,
  lesson: '25.6, 11',
  appliesToText: 'Job, CronJob',
  passesWhen: 'Job: ttlSecondsAfterFinished set; CronJob: both history limits set explicitly',
  appliesTo: isJobLike,
  check(doc) {
    const spec = obj(doc.spec);
    if (workloadKind(doc) === 'Job') {
      if (num(spec?.ttlSecondsAfterFinished) !== undefined) return undefined;
      return 'ttlSecondsAfterFinished is not set, so finished Jobs and their pods pile up; set it (e.g. 604800 for a week) and keep the audit trail outside Kubernetes.';
    }
    const missing = ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'].filter((f) => num(spec?.[f]) === undefined);
    if (missing.length === 0) return undefined;
    return `${missing.join(' and ')} not set; set both history limits so retention is a decision, not a default.`;
  },
};
