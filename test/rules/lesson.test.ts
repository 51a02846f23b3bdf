import { audit, loadFixture } from './helpers';
import { isKubernetesObject } from '../../src/rules/engine';
import { AuditScope } from '../../src/rules/finding';

/**
 * The lesson's YAML examples (test/fixtures/lesson, copied verbatim) audited against
 * CHECKLIST.md. Each expectation is reasoned row by row from the checklist, not recorded from
 * output; the comments say why each rule does or does not fire.
 */

/**
 * What a Job that only says what to run misses: no class label, no ownership/idempotency/qps/
 * ledger annotations, no podFailurePolicy, backoffLimit, deadline or TTL, no env, resources,
 * service account, node pool or security context. restartPolicy Never and a pinned tag pass.
 */
const BARE_JOB = [
  'workload-class', 'idempotency-key', 'unit-of-work-env', 'pod-failure-policy', 'backoff-limit-explicit',
  'active-deadline', 'retention', 'resource-requests', 'memory-limit', 'downstream-qps', 'owner-annotation',
  'runbook-annotation', 'completion-ledger', 'dedicated-service-account', 'batch-node-pool', 'pod-security-restricted',
];
const without = (list: string[], ...drop: string[]) => list.filter((id) => !drop.includes(id));

/** Rule ids per object name, sorted, for one fixture file. */
function rulesByName(file: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of audit(loadFixture(`lesson/${file}`))) (out[f.name] ??= []).push(f.ruleId);
  for (const ids of Object.values(out)) ids.sort();
  return out;
}
const sorted = (ids: string[]) => [...ids].sort();

test('section 4, minimal Job: misses everything but restartPolicy and the pinned image', () => {
  expect(rulesByName('04-minimal-job.yaml')).toEqual({ 'ledger-reconciliation': sorted(BARE_JOB) });
});

test('section 6: backoffLimit set; the second Job also classifies failures and ignores disruptions', () => {
  expect(rulesByName('06-pod-failure-policy.yaml')).toEqual({
    'report-export': sorted(without(BARE_JOB, 'backoff-limit-explicit')),
    // FailJob on exit codes 64-66 passes pod-failure-policy; Ignore on DisruptionTarget passes disruption-not-counted.
    'import-customer-ledger': sorted(without(BARE_JOB, 'backoff-limit-explicit', 'pod-failure-policy')),
  });
});

test('section 8, parallel Job: parallelism changes nothing the checklist reads', () => {
  expect(rulesByName('08-parallel-job.yaml')).toEqual({ 'image-thumbnail-backfill': sorted(BARE_JOB) });
});

test('section 9, Indexed Job: the completion index is the unit of work, backoffLimitPerIndex is the retry budget', () => {
  expect(rulesByName('09-indexed-job.yaml')).toEqual({
    'partitioned-ledger-check': sorted(without(BARE_JOB, 'unit-of-work-env', 'backoff-limit-explicit')),
  });
});

test('section 12, CronJob: schedule settings pass; no activeDeadlineSeconds also breaks the Forbid interval; no freshness alert', () => {
  // timeZone Etc/UTC, Forbid, startingDeadlineSeconds 900 (< 100 daily runs), both history limits,
  // failedJobsHistoryLimit 5, TTL a week, backoffLimit 2: cronjob-* rules and retention pass.
  const expected = [
    ...without(BARE_JOB, 'backoff-limit-explicit', 'retention'),
    'cronjob-deadline-fits-interval', 'freshness-alert',
  ];
  expect(rulesByName('12-cronjob.yaml')).toEqual({ 'daily-ledger-reconciliation': sorted(expected) });
});

test('section 15, queue worker: without a class label or a queue scaler in the set it is outside batch scope', () => {
  // Nothing in the file says it is a batch workload (a web server Deployment looks the same), so
  // the batch rules leave it alone; the pod-level rules judge it with scope all.
  expect(rulesByName('15-queue-worker.yaml')).toEqual({});
  expect(audit(loadFixture('lesson/15-queue-worker.yaml'), { scope: AuditScope.ALL }).map((f) => f.ruleId).sort())
    .toEqual(sorted(['dedicated-service-account', 'pod-security-restricted']));
});

test('section 15 labelled queue-worker: the queue-worker rules apply too', () => {
  const [worker] = loadFixture('lesson/15-queue-worker.yaml');
  worker.metadata.labels = { 'platform.example.com/workload-class': 'queue-worker' };
  const ids = audit([worker]).map((f) => f.ruleId).sort();
  // Class passes now; idempotency, unit of work (only QUEUE_NAME in env), freshness, scaling and
  // graceful stop (no max-processing-seconds) are owed by a queue worker.
  expect(ids).toEqual(sorted([
    'downstream-qps', 'owner-annotation', 'runbook-annotation', 'dedicated-service-account', 'pod-security-restricted',
    'idempotency-key', 'unit-of-work-env', 'freshness-alert', 'queue-worker-scaling', 'queue-worker-graceful-stop',
  ]));
});

test('section 19, migration skeleton: backoffLimit 0 and a deadline, but no class label, TTL or unmounted token', () => {
  // `change-type: schema-migration` is not the workload-class label, so the migration rules do not apply;
  // serviceAccountName is set but nothing binds it and its token stays mounted.
  expect(rulesByName('19-migration-job.yaml')).toEqual({
    'orders-schema-migration-20260701': sorted(without(BARE_JOB, 'backoff-limit-explicit', 'active-deadline')),
  });
});

test('section 19 labelled migration passes migration-no-blind-retry and owns its account', () => {
  const [migration] = loadFixture('lesson/19-migration-job.yaml');
  migration.metadata.labels['platform.example.com/workload-class'] = 'migration';
  const ids = audit([migration]).map((f) => f.ruleId);
  expect(ids).not.toContain('workload-class');
  expect(ids).not.toContain('migration-no-blind-retry');
  expect(ids).not.toContain('migration-dedicated-service-account');
});

test('section 24, governance metadata: a fragment, not a Kubernetes object, so nothing to audit', () => {
  const docs = loadFixture('lesson/24-governance-metadata.yaml');
  expect(docs.map(isKubernetesObject)).toEqual([false]);
  expect(audit(docs)).toEqual([]);
});
