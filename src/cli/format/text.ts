import { AuditReport, baselineLines, locationLabel, noteLine, objectLabel, outsideScopeSentence, summaryLine } from './report';

/**
 * One block per finding (with every detail when the message summarises a list), then a summary
 * line, the objects outside batch scope by kind, and notes on objects no rule could read;
 * suppressed findings stay listed with their reason, findings a baseline records as `known`;
 * with a baseline, how many known findings remain and which recorded ones no longer occur.
 */
export function renderText(report: AuditReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const label = f.suppressed ? 'suppressed' : report.baseline?.known.has(f) ? 'known' : f.severity;
    const where = locationLabel(f);
    lines.push(`${label.padEnd(10)} ${f.ruleId}  ${objectLabel(f)}${where ? `  (${where})` : ''}`);
    lines.push(`           ${f.message}`);
    for (const detail of f.details ?? []) lines.push(`             - ${detail}`);
    if (f.suppressed) lines.push(`           reason: ${f.suppressionReason}`);
  }
  if (lines.length) lines.push('');
  lines.push(summaryLine(report));
  lines.push(...baselineLines(report));
  if (report.outsideScope.length) lines.push(outsideScopeSentence(report.outsideScope, report.scope));
  for (const note of report.notes) lines.push(noteLine(note));
  return `${lines.join('\n')}\n`;
}
