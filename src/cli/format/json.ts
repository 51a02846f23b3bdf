import { AuditReport, countFindings } from './report';
import { ObjectRef } from '../../rules/engine';

/** An object's place, with every key present (null when unknown) so consumers need no existence checks. */
function ref(r: ObjectRef) {
  return { kind: r.kind, namespace: r.namespace ?? null, name: r.name, file: r.file ?? null, line: r.line ?? null };
}

/**
 * A stable JSON document: counts, findings (the fields CI scripts filter on, and each finding's
 * full list of problems in `details`), the objects outside batch scope, notes on objects no rule
 * could read, skipped documents, errors.
 */
export function renderJson(report: AuditReport): string {
  const { outsideScope, ...counts } = countFindings(report);
  const body = {
    tool: report.tool,
    summary: { ...counts, scope: report.scope, outsideScope: { total: report.outsideScope.length, byKind: outsideScope } },
    findings: report.findings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      kind: f.kind,
      namespace: f.namespace ?? null,
      name: f.name,
      file: f.file ?? null,
      document: f.document ?? null,
      line: f.line ?? null,
      message: f.message,
      details: f.details ?? [],
      lesson: f.lesson,
      suppressed: f.suppressed,
      suppressionReason: f.suppressionReason ?? null,
    })),
    outsideScope: report.outsideScope.map(ref),
    notes: report.notes.map((n) => ({ ...ref(n), apiVersion: n.apiVersion, note: n.note })),
    skipped: report.skipped,
    errors: report.errors,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
