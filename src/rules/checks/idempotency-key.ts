import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { isJobLike, isQueueWorker } from '../scope';

export const idempotencyKey: Rule = {
  id: 'idempotency-key',
  severity: RuleSeverity.ERROR,
  lesson: '25.2, 7',
  appliesToText: 'Job-like, queue-worker',
  passesWhen: 'annotation <p>/idempotency-key names the key scheme',
  appliesTo: (doc, ctx) => isJobLike(doc) || isQueueWorker(doc, ctx),
  check(doc, ctx) {
    if (ctx.annotation(doc, 'idempotency-key')?.trim()) return undefined;
    return `no annotation ${ctx.prefix}/idempotency-key: Kubernetes may run a Job twice and queues redeliver, so name the key that makes a repeat harmless (e.g. "billing-cycle-2026-07:{invoiceId}").`;
  },
};
