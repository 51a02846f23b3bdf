import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { num } from '../manifest';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, hasClass, isJobLike } from '../scope';

export const migrationNoBlindRetry: Rule = {
  id: 'migration-no-blind-retry',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'A migration does not retry: `backoffLimit: 0`.',
    why: 'A schema migration that fails halfway may leave the schema partly changed; running it again from the' +
      ' start can fail differently or make things worse. It should fail once and wait for a human.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: orders-migrate
        namespace: orders
        labels:
          platform.example.com/workload-class: migration
      spec:
        backoffLimit: 3
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
        name: orders-migrate
        namespace: orders
        labels:
          platform.example.com/workload-class: migration
      spec:
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
  },
  appliesToText: 'class migration',
  passesWhen: 'backoffLimit is 0',
  kinds: JOB_LIKE_KINDS,
  appliesTo: (doc, ctx) => isJobLike(doc) && hasClass(doc, ctx, 'migration'),
  check(doc, ctx) {
    const limit = num(ctx.jobSpec(doc)?.backoffLimit);
    if (limit === 0) return undefined;
    const given = limit === undefined ? 'is not set (Kubernetes retries 6 times)' : `is ${limit}`;
    return `backoffLimit ${given}; a failed DDL step retried blindly can leave a half-applied schema, so set backoffLimit: 0 (fail once, inspect, decide).`;
  },
};
