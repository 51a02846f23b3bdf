import { AuditReport, locationLabel, objectLabel, outsideScopeSentence } from './report';
import { Finding, RuleSeverity } from '../../rules/finding';
import { nameOf, namespaceOf } from '../../rules/manifest';

/** XML text and attribute escaping; characters XML 1.0 cannot carry are dropped. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

interface Case { readonly xml: string; readonly failed: boolean; readonly skipped: boolean }

function testCase(classname: string, rule: string, finding: Finding | undefined, strict: boolean, known: boolean): Case {
  const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(rule)}">`;
  if (!finding) return { xml: `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(rule)}"/>`, failed: false, skipped: false };
  if (finding.suppressed) {
    return { xml: `${open}\n      <skipped message="${xmlEscape(`suppressed: ${finding.suppressionReason ?? ''}`)}"/>\n    </testcase>`, failed: false, skipped: true };
  }
  const where = locationLabel(finding);
  const body = `${finding.message}${where ? `\n${where}` : ''}\nsee ${finding.docs}`;
  // Recorded in the --baseline: known debt, shown where CI shows test output, not a failure.
  if (known) {
    const out = `<system-out>${xmlEscape(`known (baseline) ${finding.severity}: ${body}`)}</system-out>`;
    return { xml: `${open}\n      ${out}\n    </testcase>`, failed: false, skipped: false };
  }
  if (finding.severity === RuleSeverity.ERROR || strict) {
    const failure = `<failure type="${finding.severity}" message="${xmlEscape(finding.message)}">${xmlEscape(body)}</failure>`;
    return { xml: `${open}\n      ${failure}\n    </testcase>`, failed: true, skipped: false };
  }
  // A warning that does not fail the run passes, with its text where CI shows test output.
  return { xml: `${open}\n      <system-out>${xmlEscape(`warning: ${body}`)}</system-out>\n    </testcase>`, failed: false, skipped: false };
}

function suite(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.failed).length;
  const skipped = cases.filter((c) => c.skipped).length;
  return `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.map((c) => c.xml).join('\n')}${cases.length ? '\n' : ''}  </testsuite>`;
}

/**
 * JUnit XML: a test suite per file, a test case per object and rule that applied to it, so CI
 * shows what passed as well as what failed. Errors fail (warnings too with --strict) unless the
 * baseline records them, suppressed findings are skipped with their reason, unreadable input is
 * an error case.
 */
export function renderJunit(report: AuditReport): string {
  const suites = new Map<string, Case[]>();
  for (const { input, appliedRules, findings } of report.objects) {
    const o = input.object;
    const ref = { kind: String(o.kind), namespace: namespaceOf(o), name: nameOf(o) };
    const file = input.file ?? 'manifests';
    const cases = suites.get(file) ?? [];
    suites.set(file, cases);
    for (const rule of appliedRules) {
      const finding = findings.find((f) => f.ruleId === rule);
      cases.push(testCase(objectLabel(ref), rule, finding, report.strict, !!finding && !!report.baseline?.known.has(finding)));
    }
  }
  const parts = [...suites.entries()].map(([name, cases]) => suite(name, cases));
  // Objects the batch rules skip and objects no rule could read are skipped cases, so CI counts and lists them.
  const skippedCase = (label: string, name: string, message: string): Case => ({
    xml: `    <testcase classname="${xmlEscape(label)}" name="${xmlEscape(name)}">\n      <skipped message="${xmlEscape(message)}"/>\n    </testcase>`,
    failed: false,
    skipped: true,
  });
  if (report.outsideScope.length) {
    const message = outsideScopeSentence(report.outsideScope, report.scope);
    parts.push(suite('outside batch scope', report.outsideScope.map((r) => skippedCase(objectLabel(r), 'batch rules', message))));
  }
  if (report.notes.length) {
    parts.push(suite('not audited', report.notes.map((n) => skippedCase(objectLabel(n), 'all rules', n.note))));
  }
  if (report.errors.length) {
    const errorCases = report.errors.map((e) => `    <testcase classname="input" name="${xmlEscape(`${e.file}${e.line ? `:${e.line}` : ''}`)}">\n      <error message="${xmlEscape(e.message)}"/>\n    </testcase>`);
    parts.push(`  <testsuite name="input" tests="${errorCases.length}" failures="0" errors="${errorCases.length}" skipped="0">\n${errorCases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(report.tool.name)} audit">\n${parts.join('\n')}${parts.length ? '\n' : ''}</testsuites>\n`;
}
