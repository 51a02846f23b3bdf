import { compareCodePoints } from '../../core/code-point-order';
import { AuditNote, AuditedObject, ObjectRef } from '../../rules/engine';
import { AuditScope, Finding, RuleInfo, RuleSeverity } from '../../rules/finding';
import { BaselineComparison, entryLabel, FindingKey } from '../baseline';
import { LoadError, SkippedDocument, SkippedPath } from '../load';

/** What every output format renders. */
export interface AuditReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly findings: readonly Finding[];
  readonly objects: readonly AuditedObject[];
  readonly skipped: readonly SkippedDocument[];
  /** Files and folders left out while walking a folder (special files, links already read). */
  readonly skippedPaths?: readonly SkippedPath[];
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
  /** Objects the batch rules judged (batch workloads). */
  readonly batchWorkloads: number;
  /** Every finding's baseline key (its SARIF fingerprint too). */
  readonly keys: ReadonlyMap<Finding, FindingKey>;
  /** How the findings stand against `--baseline`, when given. */
  readonly baseline?: BaselineComparison;
  /** The repository root paths are given relative to. */
  readonly root: string;
}

/** Counts for summaries. */
export interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  /** Findings the baseline records (not counted as errors or warnings). */
  readonly known: number;
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
  let known = 0;
  for (const f of report.findings) {
    if (f.suppressed) suppressed++;
    else if (report.baseline?.known.has(f)) known++;
    else if (f.severity === RuleSeverity.ERROR) errors++;
    else warnings++;
  }
  return {
    errors,
    warnings,
    suppressed,
    known,
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
  const known = report.baseline ? `, ${c.known} known (baseline)` : '';
  return `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${c.suppressed} suppressed${known} in ${plural(c.objects, 'object')} from ${plural(c.files, 'file')}`;
}

/**
 * What a run with `--baseline` says beside the summary: how many recorded findings remain, and
 * each recorded one that no longer occurs (so the file shrinks as the debt is paid).
 */
export function baselineLines(report: AuditReport): string[] {
  const b = report.baseline;
  if (!b) return [];
  const lines = [`baseline ${b.file}: ${plural(b.known.size, 'known finding')} remain, ${b.newCount} new; ${plural(b.absent.length, 'recorded finding')} no longer occur${b.absent.length === 1 ? 's' : ''}`
    + (b.absent.length ? ` (run with --write-baseline ${b.file} to drop ${b.absent.length === 1 ? 'it' : 'them'})` : '')];
  for (const e of b.absent) lines.push(`  no longer occurs: ${entryLabel(e)}`);
  return lines;
}

/** Whether a finding fails this run: an unsuppressed error (or warning with --strict) the baseline does not record. */
export function failsRun(f: Finding, report: AuditReport): boolean {
  return !f.suppressed && !report.baseline?.known.has(f) && (f.severity === RuleSeverity.ERROR || report.strict);
}

const SEVERITY_ORDER: Record<string, number> = { [RuleSeverity.ERROR]: 0, [RuleSeverity.WARNING]: 1 };

/**
 * Findings grouped per object, objects ordered by their worst finding and then by kind,
 * namespace, name and place; within an object, errors before warnings, then by rule id.
 * Code-point order throughout, so the output is the same on every machine.
 */
export function groupByObject(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = [f.kind, f.namespace ?? '', f.name, f.file ?? '', String(f.line ?? 0).padStart(10, '0')].join('\u0000');
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const bySeverity = (a: Finding, b: Finding) => (SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]) || compareCodePoints(a.ruleId, b.ruleId);
  const sorted = [...groups.entries()].map(([key, group]) => ({ key, group: [...group].sort(bySeverity) }));
  sorted.sort((a, b) => (SEVERITY_ORDER[a.group[0].severity] - SEVERITY_ORDER[b.group[0].severity]) || compareCodePoints(a.key, b.key));
  return sorted.map((s) => s.group);
}

/** How many objects of each kind, kinds in code-point order. */
export function countByKind(refs: readonly ObjectRef[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const r of refs) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const out: Record<string, number> = {};
  for (const kind of [...counts.keys()].sort(compareCodePoints)) out[kind] = counts.get(kind)!;
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
