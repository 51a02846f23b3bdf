import { AuditedObject } from '../../rules/engine';
import { Finding, RuleInfo, RuleSeverity } from '../../rules/finding';
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
}

/** Counts for summaries. */
export interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly objects: number;
  readonly files: number;
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
  return { errors, warnings, suppressed, objects: report.objects.length, files: report.files.length };
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
