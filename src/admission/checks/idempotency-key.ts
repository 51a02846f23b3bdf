import { AdmissionCheck } from '../admission-check';
import { NOT_BLANK, celString } from '../cel';

export const idempotencyKeyCheck: AdmissionCheck = {
  ruleId: 'idempotency-key',
  kinds: ['Job', 'CronJob', 'Deployment'],
  // A Deployment is judged as a queue worker (the audit's isQueueWorker).
  appliesTo: (v) => (v.kind === 'Deployment' ? v.classIn(['queue-worker']) : 'true'),
  passes: (v) => v.annotation('idempotency-key', (value) => `${value}.matches(${celString(NOT_BLANK)})`, false),
  message: (prefix) => `no annotation ${prefix}/idempotency-key: Kubernetes may run a Job twice and queues redeliver, so name the key that makes a repeat harmless (e.g. "billing-cycle-2026-07:{invoiceId}").`,
};
