import { RuleSeverity } from '../finding';
import { Obj, containerName, containers, initContainers, isSet, path, podSpec } from '../manifest';
import { Rule } from '../rule';
import { isPodLevelTarget } from '../scope';

export const resourceRequests: Rule = {
  id: 'resource-requests',
  severity: RuleSeverity.ERROR,
  lesson: '25.7, 24',
  appliesToText: 'workload (with scope all: every object that runs pods)',
  passesWhen: 'every container and init container requests cpu and memory',
  appliesTo: isPodLevelTarget,
  check(doc) {
    const pod = podSpec(doc);
    const problems: string[] = [];
    const checkAll = (list: readonly Obj[], what: string) => list.forEach((c, i) => {
      const requests = path(c, 'resources', 'requests');
      const cpu = isSet(path(requests, 'cpu'));
      const memory = isSet(path(requests, 'memory'));
      if (!cpu || !memory) {
        const missing = !cpu && !memory ? 'cpu or memory' : cpu ? 'memory' : 'cpu';
        problems.push(`${what} ${containerName(c, i)} requests no ${missing}`);
      }
    });
    const init = initContainers(pod);
    const main = containers(pod);
    checkAll(init, 'init container');
    checkAll(main, 'container');
    if (init.length + main.length === 0) problems.push('the pod template has no containers');
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}; set resources.requests.cpu and .memory so the scheduler reserves what the work needs.`;
  },
};
