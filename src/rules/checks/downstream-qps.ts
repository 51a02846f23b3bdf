import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { WORKLOAD_KINDS, isWorkload } from '../scope';

export const downstreamQps: Rule = {
  id: 'downstream-qps',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'The workload declares how many requests per second its downstream systems accept.',
    why: 'Parallelism and replicas are cheap to raise in Kubernetes; the database or API behind the workload ' +
      'is not. Declaring the budget (`<p>/max-downstream-qps`) puts the limit next to the knobs that can ' +
      'exceed it, where a reviewer sees both.',
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
        annotations:
          platform.example.com/max-downstream-qps: '50'
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
  },
  appliesToText: 'workload',
  passesWhen: 'annotation <p>/max-downstream-qps is set to a number',
  kinds: WORKLOAD_KINDS,
  appliesTo: isWorkload,
  check(doc, ctx) {
    const key = `${ctx.prefix}/max-downstream-qps`;
    const value = ctx.annotation(doc, 'max-downstream-qps');
    if (value === undefined) {
      return `no annotation ${key}; state the request rate downstream systems accept (e.g. "50") so parallelism and scaling can be checked against it.`;
    }
    const qps = Number(value.trim());
    if (value.trim() !== '' && Number.isFinite(qps) && qps > 0) return undefined;
    return `annotation ${key} is "${value}", not a positive number; give the rate in requests per second, e.g. "50".`;
  },
};
