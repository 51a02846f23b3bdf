import { AdmissionCheck } from '../admission-check';
import { NOT_BLANK, celString } from '../cel';

export const ownerAnnotationCheck: AdmissionCheck = {
  ruleId: 'owner-annotation',
  kinds: ['Job', 'CronJob', 'Deployment'],
  passes: (v) => v.annotation('owner', (value) => `${value}.matches(${celString(NOT_BLANK)})`, false),
  message: (prefix) => `no annotation ${prefix}/owner; name the team that answers when this workload fails (e.g. "finance-platform").`,
};
