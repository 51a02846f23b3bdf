import { AuditReport, locationLabel, objectLabel, summaryLine } from './report';

/** One block per finding, then a summary line; suppressed findings stay listed with their reason. */
export function renderText(report: AuditReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const label = f.suppressed ? 'suppressed' : f.severity;
    const where = locationLabel(f);
    lines.push(`${label.padEnd(10)} ${f.ruleId}  ${objectLabel(f)}${where ? `  (${where})` : ''}`);
    lines.push(`           ${f.message}`);
    if (f.suppressed) lines.push(`           reason: ${f.suppressionReason}`);
  }
  if (lines.length) lines.push('');
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
