import { AdmissionCheck } from '../admission-check';

export const memoryLimitCheck: AdmissionCheck = {
  ruleId: 'memory-limit',
  kinds: ['Job', 'CronJob', 'Deployment'],
  passes: (v) => v.everyContainer(['containers'], 'has(c.resources) && has(c.resources.limits) && "memory" in c.resources.limits'),
  message: () => 'a container has no memory limit, so input that grows memory can starve the node; set resources.limits.memory.',
};
