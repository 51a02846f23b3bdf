import { RuleSeverity } from '../finding';
import { podSpec } from '../manifest';
import { requiresNodeLabel, toleratesTaint } from '../node-placement';
import { Rule } from '../rule';
import { isJobLike } from '../scope';

export const batchNodePool: Rule = {
  id: 'batch-node-pool',
  severity: RuleSeverity.WARNING,
  lesson: '18',
  appliesToText: 'Job-like',
  passesWhen: 'the pod selects or tolerates the batch pool (workload-tier: batch by default)',
  appliesTo: isJobLike,
  check(doc, ctx) {
    const { key, value } = ctx.batchPool;
    const pod = podSpec(doc);
    if (requiresNodeLabel(pod, key, value) || toleratesTaint(pod, key, value)) return undefined;
    return `the pod neither selects nor tolerates the batch node pool, so heavy batch can starve customer-facing services; add nodeSelector ${key}: ${value} and a toleration for ${key}=${value}.`;
  },
};
