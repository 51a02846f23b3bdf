import { compliantSet, find, NOW } from './helpers';
import { BatchAudit } from '../../src/rules/audit';
import { RuleSeverity } from '../../src/rules/finding';

/** The rule table of CHECKLIST.md (ids and severities are the public contract), in its order. */
const CHECKLIST: [string, RuleSeverity][] = [
  ['workload-class', RuleSeverity.ERROR],
  ['idempotency-key', RuleSeverity.ERROR],
  ['unit-of-work-env', RuleSeverity.WARNING],
  ['pod-failure-policy', RuleSeverity.ERROR],
  ['disruption-not-counted', RuleSeverity.WARNING],
  ['restart-policy', RuleSeverity.ERROR],
  ['backoff-limit-explicit', RuleSeverity.ERROR],
  ['active-deadline', RuleSeverity.ERROR],
  ['retention', RuleSeverity.ERROR],
  ['failed-jobs-retained', RuleSeverity.WARNING],
  ['resource-requests', RuleSeverity.ERROR],
  ['memory-limit', RuleSeverity.WARNING],
  ['downstream-qps', RuleSeverity.WARNING],
  ['cronjob-timezone', RuleSeverity.ERROR],
  ['cronjob-concurrency-policy', RuleSeverity.ERROR],
  ['cronjob-starting-deadline', RuleSeverity.ERROR],
  ['cronjob-overlap-guard', RuleSeverity.WARNING],
  ['cronjob-deadline-fits-interval', RuleSeverity.WARNING],
  ['cronjob-dst-hazard', RuleSeverity.WARNING],
  ['owner-annotation', RuleSeverity.ERROR],
  ['runbook-annotation', RuleSeverity.ERROR],
  ['completion-ledger', RuleSeverity.WARNING],
  ['freshness-alert', RuleSeverity.WARNING],
  ['dedicated-service-account', RuleSeverity.ERROR],
  ['rbac-no-wildcards', RuleSeverity.ERROR],
  ['migration-dedicated-service-account', RuleSeverity.ERROR],
  ['migration-no-blind-retry', RuleSeverity.WARNING],
  ['cleanup-guard', RuleSeverity.ERROR],
  ['broad-access-trusted-pool', RuleSeverity.ERROR],
  ['batch-node-pool', RuleSeverity.WARNING],
  ['queue-worker-scaling', RuleSeverity.ERROR],
  ['queue-worker-graceful-stop', RuleSeverity.WARNING],
  ['pod-security-restricted', RuleSeverity.ERROR],
  ['image-pinned', RuleSeverity.ERROR],
];
/** Rules that guard the audit itself, beyond the table. */
const EXTRA: [string, RuleSeverity][] = [
  ['cronjob-schedule', RuleSeverity.ERROR],
  ['field-invalid', RuleSeverity.ERROR],
  ['field-needs-newer-kubernetes', RuleSeverity.ERROR],
  ['annotations-too-large', RuleSeverity.ERROR],
  ['too-large-for-client-side-apply', RuleSeverity.WARNING],
  ['suppression-reason', RuleSeverity.ERROR],
  ['api-version-removed', RuleSeverity.ERROR],
  ['duplicate-object', RuleSeverity.WARNING],
  ['gitops-finished-job-rerun', RuleSeverity.WARNING],
  ['job-sidecar-never-exits', RuleSeverity.WARNING],
];

test('every checklist rule exists with its severity, in checklist order', () => {
  expect(BatchAudit.rules().map((r) => [r.id, r.severity])).toEqual([...CHECKLIST, ...EXTRA]);
  expect(BatchAudit.ruleIds()).toEqual([...CHECKLIST, ...EXTRA].map(([id]) => id));
  for (const r of BatchAudit.rules()) {
    expect(r.docs).toMatch(new RegExp(`/blob/v\\d+\\.\\d+\\.\\d+/docs/rules/${r.id}\\.md$`));
    expect(r.appliesTo).not.toBe('');
    expect(r.passesWhen).not.toBe('');
  }
});

test('ruleIds returns a copy', () => {
  BatchAudit.ruleIds().pop();
  expect(BatchAudit.ruleIds().length).toBe(CHECKLIST.length + EXTRA.length);
});

test('auditManifests audits plain objects with options and in-code suppressions', () => {
  const docs = compliantSet();
  delete find(docs, 'Job', 'report-export').metadata.annotations['platform.example.com/owner'];
  expect(BatchAudit.auditManifests(docs, { now: NOW }).map((f) => [f.ruleId, f.name, f.suppressed])).toEqual([['owner-annotation', 'report-export', false]]);
  const suppressed = BatchAudit.auditManifests(docs, { now: NOW, suppressions: [{ ruleId: 'owner-annotation', reason: 'owned by the platform team itself' }] });
  expect(suppressed).toEqual([expect.objectContaining({ ruleId: 'owner-annotation', suppressed: true, suppressionReason: 'owned by the platform team itself', file: undefined, document: undefined })]);
  expect(BatchAudit.auditManifests([42, 'text', null, { kind: 'Job' }])).toEqual([]);
});
