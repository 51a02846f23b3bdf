import { AdmissionCheck } from '../admission-check';
import { and } from '../cel';

export const restartPolicyCheck: AdmissionCheck = {
  ruleId: 'restart-policy',
  kinds: ['Job', 'CronJob'],
  passes: (v) => {
    const policy = v.podField('restartPolicy');
    return and(policy.present, `${policy.value} == "Never"`);
  },
  message: () => 'pod restartPolicy is not Never; set it to Never so every attempt is a pod you can inspect (Kubernetes requires Never when podFailurePolicy is used).',
};
