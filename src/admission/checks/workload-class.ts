import { KINDS_BY_CLASS } from '../../rules/checks/workload-class';
import { WORKLOAD_CLASSES } from '../../rules/scope';
import { AdmissionCheck } from '../admission-check';

export const workloadClassCheck: AdmissionCheck = {
  ruleId: 'workload-class',
  kinds: ['Job', 'CronJob', 'Deployment'],
  passes: (v) => v.classIn(Object.keys(KINDS_BY_CLASS).filter((cls) => KINDS_BY_CLASS[cls].includes(v.kind))),
  message: (prefix) => `label ${prefix}/workload-class is missing or does not fit the kind; add it to metadata.labels with one of ${WORKLOAD_CLASSES.join(', ')} (queue-worker for a Deployment, scheduled only for a CronJob) so reviewers and policies know which rules apply.`,
};
