import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { containerName, containers, isSet, path } from '../manifest';
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
  check(doc, ctx) {
    const list = containers(ctx.podSpec(doc));
    // Created for the first container without a limit: a passing pod allocates nothing.
    let missing: string[] | undefined;
    for (let i = 0; i < list.length; i++) {
      if (!isSet(path(list[i], 'resources', 'limits', 'memory'))) (missing ??= []).push(containerName(list[i], i));
    }
    if (missing === undefined) return undefined;
    return `container(s) ${missing.join(', ')} have no memory limit, so input that grows memory can starve the node; set resources.limits.memory.`;
  },
};
