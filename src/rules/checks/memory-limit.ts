import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { containerName, containers, isSet, path, podSpec } from '../manifest';
import { Rule } from '../rule';
import { POD_KINDS, isPodLevelTarget } from '../scope';

export const memoryLimit: Rule = {
  id: 'memory-limit',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'Every container has a memory limit.',
    why: 'A batch pod that grows without a limit (a large partition, a leak) consumes the node\'s memory until ' +
      'the kernel or the kubelet kills something, often a neighbour. With a limit the pod itself is ' +
      'OOMKilled and the failure is visible on the Job.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
              resources:
                requests:
                  cpu: 500m
                  memory: 512Mi
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
              resources:
                requests:
                  cpu: 500m
                  memory: 512Mi
                limits:
                  memory: 1Gi
    `,
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
    ],
  },
  appliesToText: 'workload (with scope all: every object that runs pods)',
  passesWhen: 'every container has a memory limit',
  kinds: POD_KINDS,
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
