import { AdmissionCheck } from '../admission-check';

export const memoryLimitCheck: AdmissionCheck = {
  ruleId: 'memory-limit',
  kinds: ['Job', 'CronJob', 'Deployment'],
  // Through dyn(): Kubernetes' type checker drops the Quantity maps (no schema type), so
  // `c.resources.limits` is an "undefined field" warning on the policy without it.
  passes: (v) => v.everyContainer(['containers'], 'has(c.resources) && has(dyn(c.resources).limits) && "memory" in dyn(c.resources).limits'),
  message: () => 'a container has no memory limit, so input that grows memory can starve the node; set resources.limits.memory.',
};
