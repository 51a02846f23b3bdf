import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { MIN_REASON_LENGTH, reasonIsValid } from '../suppressions';

/**
 * Not a CHECKLIST row: it keeps suppressions honest. A suppression annotation whose reason is
 * too short, or that names no rule, hides nothing and is reported instead.
 */
export const suppressionReason: Rule = {
  id: 'suppression-reason',
  severity: RuleSeverity.ERROR,
  lesson: '24',
  appliesToText: 'any object with a <p>/suppress.<rule-id> annotation',
  passesWhen: `every suppression annotation names a rule id and gives a reason of at least ${MIN_REASON_LENGTH} characters`,
  appliesTo: (doc, ctx) => ctx.suppressions(doc).length > 0,
  check(doc, ctx) {
    const problems: string[] = [];
    for (const s of ctx.suppressions(doc)) {
      if (!ctx.ruleIds.has(s.ruleId) || s.ruleId === 'suppression-reason') {
        problems.push(`${s.annotation} names no rule that can be suppressed`);
      } else if (!reasonIsValid(s.reason)) {
        problems.push(`${s.annotation} gives reason "${s.reason}" (${s.reason.length} characters), so ${s.ruleId} is not suppressed`);
      }
    }
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}; a suppression needs a known rule id and a reason of at least ${MIN_REASON_LENGTH} characters saying why the rule does not apply.`;
  },
};
