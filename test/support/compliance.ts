import { AuditOptions, BatchAudit, Finding } from '../../src';

/** The instant constructs analyse schedules from; audits in tests use it for determinism. */
const NOW = new Date(Date.UTC(2027, 0, 1));

/** Audits manifests with every rule of the checklist. */
export function audit(manifests: any[], options: Omit<AuditOptions, 'now'> = {}): Finding[] {
  return BatchAudit.auditManifests(manifests, { ...options, now: NOW });
}

/**
 * Asserts that the manifests pass the whole checklist: zero unsuppressed findings (errors and
 * warnings), and exactly the expected suppressed ones (rule ids, in any order).
 */
export function expectCompliant(manifests: any[], expectedSuppressed: string[] = [], options: Omit<AuditOptions, 'now'> = {}): void {
  const findings = audit(manifests, options);
  const open = findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} on ${f.kind}/${f.name}: ${f.message}`);
  expect(open).toEqual([]);
  expect(findings.filter((f) => f.suppressed).map((f) => f.ruleId).sort()).toEqual([...expectedSuppressed].sort());
}
