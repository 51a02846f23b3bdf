import { AdmissionCheck } from '../admission-check';
import { and } from '../cel';

export const disruptionNotCountedCheck: AdmissionCheck = {
  ruleId: 'disruption-not-counted',
  kinds: ['Job', 'CronJob'],
  appliesTo: (v) => v.jobField('podFailurePolicy').present,
  passes: (v) => {
    const rules = v.field([...v.jobSpec!, 'podFailurePolicy', 'rules']);
    const ignoresDisruption = 'has(r.action) && r.action == "Ignore" && has(r.onPodConditions) && r.onPodConditions.exists(c, '
      + 'has(c.type) && c.type == "DisruptionTarget" && (!has(c.status) || c.status == "" || c.status == "True"))';
    return and(rules.present, `${rules.value}.exists(r, ${ignoresDisruption})`);
  },
  message: () => 'evictions and preemptions count against backoffLimit; add a podFailurePolicy rule { action: Ignore, onPodConditions: [{ type: DisruptionTarget }] } so node drains do not use up the retry budget.',
};
