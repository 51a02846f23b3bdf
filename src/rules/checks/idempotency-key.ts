import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { WORKLOAD_KINDS, isJobLike, isQueueWorker } from '../scope';

export const idempotencyKey: Rule = {
  id: 'idempotency-key',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The workload names the key that makes running one unit of work twice harmless.',
    why: 'Kubernetes may start a Job\'s pod more than once (a node dies after the work is done but before the ' +
      'success is recorded), a CronJob may create a Job twice, and a queue delivers a message at least ' +
      'once. Work that is not idempotent then charges, mails or deletes twice. Writing down the key scheme ' +
      '(`<p>/idempotency-key`) makes the design decision visible in review.',
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
          platform.example.com/idempotency-key: nightly-export:{businessDate}
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
  },
  kinds: WORKLOAD_KINDS,
  appliesToText: 'Job-like, queue-worker',
  passesWhen: 'annotation <p>/idempotency-key names the key scheme',
  appliesTo: (doc, ctx) => isJobLike(doc) || isQueueWorker(doc, ctx),
  check(doc, ctx) {
    if (ctx.annotation(doc, 'idempotency-key')?.trim()) return undefined;
    return `no annotation ${ctx.prefix}/idempotency-key: Kubernetes may run a Job twice and queues redeliver, so name the key that makes a repeat harmless (e.g. "billing-cycle-2026-07:{invoiceId}").`;
  },
};
