import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { ANY_KIND, Rule } from '../rule';
import { MIN_REASON_LENGTH, reasonIsValid, reasonLength } from '../suppressions';

/**
 * Not a batch practice: it keeps suppressions honest. A suppression annotation whose reason is
 * too short, or that names no rule, hides nothing and is reported instead.
 */
export const suppressionReason: Rule = {
  id: 'suppression-reason',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'Every suppression annotation names a rule and gives a reason of at least 10 characters.',
    why: 'A suppression is a decision to accept a finding; without a reason, the next reviewer cannot tell a ' +
      'considered exception from a silenced warning. A suppression of a rule that does not exist (a typo) ' +
      'suppresses nothing.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
        annotations:
          platform.example.com/suppress.active-deadline: ok
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
        annotations:
          platform.example.com/suppress.active-deadline: runtime varies with month-end volume; alerting on duration instead
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
  },
  appliesToText: 'any object with a <p>/suppress.<rule-id> annotation',
  passesWhen: `every suppression annotation names a rule id and gives a reason of at least ${MIN_REASON_LENGTH} characters`,
  kinds: ANY_KIND,
  appliesTo: (doc, ctx) => ctx.suppressions(doc).length > 0,
  check(doc, ctx) {
    const problems: string[] = [];
    for (const s of ctx.suppressions(doc)) {
      if (!ctx.ruleIds.has(s.ruleId) || s.ruleId === 'suppression-reason') {
        problems.push(`${s.annotation} names no rule that can be suppressed`);
      } else if (!reasonIsValid(s.reason)) {
        problems.push(`${s.annotation} gives reason "${s.reason}" (${reasonLength(s.reason)} characters), so ${s.ruleId} is not suppressed`);
      }
    }
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}; a suppression needs a known rule id and a reason of at least ${MIN_REASON_LENGTH} characters saying why the rule does not apply.`;
  },
};
