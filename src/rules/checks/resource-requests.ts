import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Obj, containerName, containers, initContainers, isSet, path } from '../manifest';
import { Rule } from '../rule';
import { POD_KINDS, isPodLevelTarget } from '../scope';

const RESOURCES = ['cpu', 'memory'] as const;

/**
 * Whether a container ends up with a request for `resource` once its pod exists. The API server
 * defaults a missing request from the limit of the same resource (SetDefaults_Pod in Kubernetes'
 * pkg/apis/core/v1/defaults.go, for containers and init containers alike), so a limit alone is a
 * request of the same size.
 */
function requests(container: Obj, resource: typeof RESOURCES[number]): boolean {
  return isSet(path(container, 'resources', 'requests', resource)) || isSet(path(container, 'resources', 'limits', resource));
}

function everyContainerRequests(list: readonly Obj[]): boolean {
  for (const c of list) if (!requests(c, 'cpu') || !requests(c, 'memory')) return false;
  return true;
}

export const resourceRequests: Rule = {
  id: 'resource-requests',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'Every container and init container requests CPU and memory.',
    why: 'The scheduler places pods by their requests. A batch pod without them lands on a node as if it ' +
      'needed nothing, and then competes with the services on that node for CPU and memory; it is also the ' +
      'first to be evicted under pressure.',
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
  passesWhen: 'every container and init container requests cpu and memory (a limit without a request counts: Kubernetes copies it into the request)',
  kinds: POD_KINDS,
  appliesTo: isPodLevelTarget,
  check(doc, ctx) {
    const pod = ctx.podSpec(doc);
    const init = initContainers(pod);
    const main = containers(pod);
    // Nearly every pod passes: prove it without building the messages.
    if (init.length + main.length > 0 && everyContainerRequests(init) && everyContainerRequests(main)) return undefined;
    const problems: string[] = [];
    const checkAll = (list: readonly Obj[], what: string) => list.forEach((c, i) => {
      const missing = RESOURCES.filter((r) => !requests(c, r));
      if (missing.length > 0) problems.push(`${what} ${containerName(c, i)} requests no ${missing.join(' or ')}`);
    });
    checkAll(init, 'init container');
    checkAll(main, 'container');
    if (init.length + main.length === 0) problems.push('the pod template has no containers');
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}; set resources.requests.cpu and .memory (or a limit, which Kubernetes copies into a missing request) so the scheduler reserves what the work needs.`;
  },
};
