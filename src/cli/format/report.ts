import { AuditNote, AuditedObject, ObjectRef } from '../../rules/engine';
import { AuditScope, Finding, RuleInfo, RuleSeverity } from '../../rules/finding';
import { LoadError, SkippedDocument } from '../load';

/** What every output format renders. */
export interface AuditReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly findings: readonly Finding[];
  readonly objects: readonly AuditedObject[];
  readonly skipped: readonly SkippedDocument[];
  readonly errors: readonly LoadError[];
  readonly files: readonly string[];
  /** Rules this run evaluated. */
  readonly rules: readonly RuleInfo[];
  readonly strict: boolean;
  /** Objects that run pods but are not batch workloads. */
  readonly outsideScope: readonly ObjectRef[];
  /** Objects the rules could not read. */
  readonly notes: readonly AuditNote[];
  readonly scope: AuditScope;
}

/** Counts for summaries. */
export interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly objects: number;
  readonly files: number;
  /** Objects outside batch scope, by kind. */
  readonly outsideScope: Record<string, number>;
  readonly notes: number;
}

export function countFindings(report: AuditReport): Counts {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of report.findings) {
    if (f.suppressed) suppressed++;
    else if (f.severity === RuleSeverity.ERROR) errors++;
    else warnings++;
  }
  return {
    errors,
    warnings,
    suppressed,
    objects: report.objects.length,
    files: report.files.length,
    outsideScope: countByKind(report.outsideScope),
    notes: report.notes.length,
  };
}

/** `Kind namespace/name` for humans. */
export function objectLabel(f: { kind: string; namespace?: string; name: string }): string {
  return `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`;
}

/** `file:line` when known. */
export function locationLabel(f: { file?: string; line?: number }): string | undefined {
  if (!f.file) return undefined;
  return f.line ? `${f.file}:${f.line}` : f.file;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One summary sentence, shared by the human formats. */
export function summaryLine(report: AuditReport): string {
  const c = countFindings(report);
  return `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${c.suppressed} suppressed in ${plural(c.objects, 'object')} from ${plural(c.files, 'file')}`;
}

/** How many objects of each kind, kinds in code-point order. */
export function countByKind(refs: readonly ObjectRef[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const r of refs) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const out: Record<string, number> = {};
  for (const kind of [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[kind] = counts.get(kind)!;
  return out;
}

/** `3 objects outside batch scope (2 Deployment, 1 StatefulSet): ...`, shared by the human formats. */
export function outsideScopeSentence(refs: readonly ObjectRef[], scope: AuditScope): string {
  const kinds = Object.entries(countByKind(refs)).map(([kind, n]) => `${n} ${kind}`).join(', ');
  const what = scope === AuditScope.ALL
    ? 'the batch rules skip them; the pod-level rules checked them (--scope all)'
    : 'not checked against the batch rules; --scope all applies the pod-level rules to them';
  return `${plural(refs.length, 'object')} outside batch scope (${kinds}): ${what}`;
}

/** A note's one line for humans: where, what, why. */
export function noteLine(note: AuditNote): string {
  const where = locationLabel(note);
  return `note: ${objectLabel(note)}${where ? ` (${where})` : ''}: ${note.note}`;
}
