import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { requiresNodeLabel, toleratesTaint } from '../node-placement';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

export const batchNodePool: Rule = {
  id: 'batch-node-pool',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'Batch pods select or tolerate the batch node pool (`workload-tier: batch` by default; configurable).',
    why: 'Heavy batch work on the nodes that serve users competes with them for CPU, memory and disk I/O. A ' +
      'dedicated pool (selected by a node label, kept free of other pods by a taint) keeps a nightly run ' +
      'from slowing down the day\'s traffic.',
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
            nodeSelector:
              workload-tier: batch
            tolerations:
            - key: workload-tier
              operator: Equal
              value: batch
              effect: NoSchedule
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/',
    ],
  },
  appliesToText: 'Job-like',
  passesWhen: 'the pod selects or tolerates the batch pool (workload-tier: batch by default)',
  kinds: JOB_LIKE_KINDS,
  appliesTo: isJobLike,
  check(doc, ctx) {
    const { key, value } = ctx.batchPool;
    const pod = ctx.podSpec(doc);
    if (requiresNodeLabel(pod, key, value) || toleratesTaint(pod, key, value)) return undefined;
    return `the pod neither selects nor tolerates the batch node pool, so heavy batch can starve customer-facing services; add nodeSelector ${key}: ${value} and a toleration for ${key}=${value}.`;
  },
};
