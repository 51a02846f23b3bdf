import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { WORKLOAD_KINDS, isWorkload } from '../scope';

export const ownerAnnotation: Rule = {
  id: 'owner-annotation',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The workload names its owning team (`<p>/owner`).',
    why: 'When a batch run fails at night, someone must know whom to call; a workload nobody owns tends to be ' +
      'neither fixed nor deleted.',
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
          platform.example.com/owner: reporting-team
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
  passesWhen: 'annotation <p>/owner is set',
  kinds: WORKLOAD_KINDS,
  appliesTo: isWorkload,
  check(doc, ctx) {
    if (ctx.annotation(doc, 'owner')?.trim()) return undefined;
    return `no annotation ${ctx.prefix}/owner; name the team that answers when this workload fails (e.g. "finance-platform").`;
  },
};
