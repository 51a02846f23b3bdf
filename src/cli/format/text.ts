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
    lines.push(`           docs: ${f.docs}`);
  }
  if (lines.length) lines.push('');
  lines.push(summaryLine(report));
  lines.push(...baselineLines(report));
  if (report.outsideScope.length) lines.push(outsideScopeSentence(report.outsideScope, report.scope));
  for (const note of report.notes) lines.push(noteLine(note));
  return `${lines.map(escapeControl).join('\n')}\n`;
}

/**
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional controls,
 * written as `\n`, `\t`, `\u001b`, ...: names, annotation values, suppression reasons and file
 * names come from the input, and must not start a new line, move the cursor or reorder text in
 * a terminal or a CI log.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One line of output, whatever the text holds. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
