import { AuditReport, countFindings } from './report';

/** A stable JSON document: findings (the fields CI scripts filter on), skipped documents, errors, counts. */
export function renderJson(report: AuditReport): string {
  const body = {
    tool: report.tool,
    summary: countFindings(report),
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
      lesson: f.lesson,
      suppressed: f.suppressed,
      suppressionReason: f.suppressionReason ?? null,
    })),
    skipped: report.skipped,
    errors: report.errors,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
