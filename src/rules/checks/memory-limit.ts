import { RuleSeverity } from '../finding';
import { containerName, containers, isSet, path, podSpec } from '../manifest';
import { Rule } from '../rule';
import { isPodLevelTarget } from '../scope';

export const memoryLimit: Rule = {
  id: 'memory-limit',
  severity: RuleSeverity.WARNING,
  lesson: '18',
  appliesToText: 'workload (with scope all: every object that runs pods)',
  passesWhen: 'every container has a memory limit',
  appliesTo: isPodLevelTarget,
  check(doc) {
    const missing: string[] = [];
    containers(podSpec(doc)).forEach((c, i) => {
      if (!isSet(path(c, 'resources', 'limits', 'memory'))) missing.push(containerName(c, i));
    });
    if (missing.length === 0) return undefined;
    return `container(s) ${missing.join(', ')} have no memory limit, so input that grows memory can starve the node; set resources.limits.memory.`;
  },
};
