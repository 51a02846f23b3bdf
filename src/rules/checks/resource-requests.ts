import { RuleSeverity } from '../finding';
import { containerName, containers, initContainers, isSet, path, podSpec } from '../manifest';
import { Rule } from '../rule';
import { isWorkload } from '../scope';

export const resourceRequests: Rule = {
  id: 'resource-requests',
  severity: RuleSeverity.ERROR,
  lesson: '25.7, 24',
  appliesToText: 'workload',
  passesWhen: 'every container and init container requests cpu and memory',
  appliesTo: isWorkload,
  check(doc) {
    const pod = podSpec(doc);
    const problems: string[] = [];
    const all = [...initContainers(pod).map((c, i) => ({ c, label: `init container ${containerName(c, i)}` })),
      ...containers(pod).map((c, i) => ({ c, label: `container ${containerName(c, i)}` }))];
    for (const { c, label } of all) {
      const missing = ['cpu', 'memory'].filter((r) => !isSet(path(c, 'resources', 'requests', r)));
      if (missing.length) problems.push(`${label} requests no ${missing.join(' or ')}`);
    }
    if (all.length === 0) problems.push('the pod template has no containers');
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}; set resources.requests.cpu and .memory so the scheduler reserves what the work needs.`;
  },
};
