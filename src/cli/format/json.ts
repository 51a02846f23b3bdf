import { AuditReport, countFindings } from './report';
import { ObjectRef } from '../../rules/engine';
import { FindingKey } from '../baseline';

/**
 * Version of the JSON report's shape (schemas/audit-report.schema.json in the package). Bumped
 * when a field changes meaning or goes away; new fields may appear without a bump (the schema
 * lists them as optional, so reports of earlier releases with the same version still validate).
 */
export const JSON_SCHEMA_VERSION = 2;

/** An object's place, with every key present (null when unknown) so consumers need no existence checks. */
function ref(r: ObjectRef) {
  return { kind: r.kind, namespace: r.namespace ?? null, name: r.name, file: r.file ?? null, line: r.line ?? null };
}

/** A 0-based document index as the report shows it: 1-based, like line numbers and the text output. */
function documentNumber(index: number | undefined): number | null {
  return index === undefined ? null : index + 1;
}

/** A finding's key without the fingerprint (shown beside it). */
function keyFields(key: FindingKey) {
  return { apiGroup: key.apiGroup, file: key.file, occurrence: key.occurrence };
}

/**
 * A stable JSON document: counts, findings (the fields CI scripts filter on, each finding's
 * full list of problems in `details`, its fingerprint and baseline state), the objects outside
 * batch scope, notes on objects no rule could read, skipped documents, files and folders a
 * folder walk left out, errors, and baseline entries that no longer occur.
 */
export function renderJson(report: AuditReport): string {
  const { outsideScope, ...counts } = countFindings(report);
  const b = report.baseline;
  const body = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: report.tool,
    summary: {
      ...counts,
      scope: report.scope,
      batchWorkloads: report.batchWorkloads,
      outsideScope: { total: report.outsideScope.length, byKind: outsideScope },
      baseline: b ? { file: b.file, known: b.known.size, new: b.newCount, absent: b.absent.length } : null,
    },
    findings: report.findings.map((f) => {
      const key = report.keys.get(f)!;
      return {
        rule: f.ruleId,
        severity: f.severity,
        kind: f.kind,
        namespace: f.namespace ?? null,
        name: f.name,
        file: f.file ?? null,
        document: documentNumber(f.document),
        line: f.line ?? null,
        message: f.message,
        details: f.details ?? [],
        docs: f.docs,
        suppressed: f.suppressed,
        suppressionReason: f.suppressionReason ?? null,
        fingerprint: key.fingerprint,
        key: keyFields(key),
        baseline: !b || f.suppressed ? null : b.known.has(f) ? 'known' : 'new',
      };
    }),
    outsideScope: report.outsideScope.map(ref),
    notes: report.notes.map((n) => ({ ...ref(n), apiVersion: n.apiVersion, note: n.note })),
    skipped: report.skipped.map((s) => ({ ...s, document: documentNumber(s.document) })),
    skippedPaths: (report.skippedPaths ?? []).map((p) => ({ path: p.path, reason: p.reason })),
    errors: report.errors.map((e) => ({ ...e, line: e.line ?? null, column: e.column ?? null })),
    baselineAbsent: b ? b.absent : [],
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
