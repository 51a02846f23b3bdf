import { AuditReport, baselineLines, failsRun, groupByObject, locationLabel, noteLine, objectLabel, outsideScopeSentence, plural, summaryLine } from './report';
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

/**
 * A PR comment: verdict and counts, a table of open findings (errors first, grouped per
 * object: the object and its place are shown on its first row), suppressed findings and
 * findings a baseline records folded away.
 */
export function renderMarkdown(report: AuditReport): string {
  const failing = report.findings.some((f) => failsRun(f, report)) || report.errors.length > 0;
  const out: string[] = [`### cdk8s-batch audit: ${failing ? '❌' : '✅'} ${summaryLine(report)}`, ''];
  for (const line of baselineLines(report)) out.push(line.startsWith('  ') ? `- ${cell(line.trim())}` : cell(line), '');
  const open = report.findings.filter((f) => !f.suppressed && !report.baseline?.known.has(f));
  if (open.length) {
    out.push('| Severity | Rule | Object | Where | What to fix |', '|---|---|---|---|---|');
    for (const group of groupByObject(open)) {
      group.forEach((f, i) => {
        const sev = f.severity === RuleSeverity.ERROR ? '🔴 error' : '🟡 warning';
        const object = i === 0 ? cell(objectLabel(f)) : '';
        const where = i === 0 && locationLabel(f) ? code(locationLabel(f)!) : '';
        out.push(`| ${sev} | ${code(f.ruleId)} | ${object} | ${where} | ${cell(f.message)} ([docs](${f.docs})) |`);
      });
    }
    out.push('');
  }
  const known = report.findings.filter((f) => !f.suppressed && report.baseline?.known.has(f));
  if (known.length) {
    out.push(`<details><summary>${plural(known.length, 'known finding')} (recorded in the baseline)</summary>`, '', '| Severity | Rule | Object | What to fix |', '|---|---|---|---|');
    for (const f of groupByObject(known).flat()) out.push(`| ${f.severity} | ${code(f.ruleId)} | ${cell(objectLabel(f))} | ${cell(f.message)} |`);
    out.push('', '</details>', '');
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
