import { AdmissionCheck } from '../admission-check';
import { and } from '../cel';

export const activeDeadlineCheck: AdmissionCheck = {
  ruleId: 'active-deadline',
  kinds: ['Job', 'CronJob'],
  passes: (v) => {
    const deadline = v.jobField('activeDeadlineSeconds');
    return and(deadline.present, `${deadline.value} > 0`);
  },
  message: () => 'activeDeadlineSeconds is not set, so a stuck run holds capacity and locks forever; set it to the longest useful runtime.',
};
