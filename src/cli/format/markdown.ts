import { AuditReport, countFindings, locationLabel, noteLine, objectLabel, outsideScopeSentence, plural, summaryLine } from './report';
import { RuleSeverity } from '../../rules/finding';

/** Text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

/** Inline code that survives backticks in the value. */
export function code(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  return clean.includes('`') ? `<code>${cell(clean)}</code>` : `\`${cell(clean)}\``;
}

/** A PR comment: verdict and counts, a table of open findings, suppressed ones folded away. */
export function renderMarkdown(report: AuditReport): string {
  const c = countFindings(report);
  const failing = c.errors > 0 || (report.strict && c.warnings > 0) || report.errors.length > 0;
  const out: string[] = [`### cdk8s-batch audit: ${failing ? '❌' : '✅'} ${summaryLine(report)}`, ''];
  const open = report.findings.filter((f) => !f.suppressed);
  if (open.length) {
    out.push('| Severity | Rule | Object | Where | What to fix |', '|---|---|---|---|---|');
    for (const f of open) {
      const sev = f.severity === RuleSeverity.ERROR ? '🔴 error' : '🟡 warning';
      out.push(`| ${sev} | ${code(f.ruleId)} | ${cell(objectLabel(f))} | ${locationLabel(f) ? code(locationLabel(f)!) : ''} | ${cell(f.message)} (lesson ${cell(f.lesson)}) |`);
    }
    out.push('');
  }
  const suppressed = report.findings.filter((f) => f.suppressed);
  if (suppressed.length) {
    out.push(`<details><summary>${plural(suppressed.length, 'suppressed finding')}</summary>`, '', '| Rule | Object | Reason |', '|---|---|---|');
    for (const f of suppressed) out.push(`| ${code(f.ruleId)} | ${cell(objectLabel(f))} | ${cell(f.suppressionReason ?? '')} |`);
    out.push('', '</details>', '');
  }
  if (report.errors.length) {
    out.push('**Input that could not be read:**', '');
    for (const e of report.errors) out.push(`- ${code(`${e.file}${e.line ? `:${e.line}` : ''}`)}: ${cell(e.message)}`);
    out.push('');
  }
  if (report.notes.length) {
    out.push('**Objects no rule could read:**', '');
    for (const n of report.notes) out.push(`- ${cell(noteLine(n).replace(/^note: /, ''))}`);
    out.push('');
  }
  if (report.outsideScope.length) out.push(`_${cell(outsideScopeSentence(report.outsideScope, report.scope))}._`, '');
  if (report.skipped.length) out.push(`_${plural(report.skipped.length, 'document')} skipped (not Kubernetes objects)._`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
