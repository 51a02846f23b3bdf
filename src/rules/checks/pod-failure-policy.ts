import { RuleSeverity } from '../finding';
import { Obj, jobSpec, objs, path } from '../manifest';
import { Rule } from '../rule';
import { isJobLike } from '../scope';

/** A podFailurePolicy rule that fails fast on exit codes. */
function failsFastOnExitCodes(rule: Obj): boolean {
  if (rule.action !== 'FailJob' && rule.action !== 'FailIndex') return false;
  const values = path(rule, 'onExitCodes', 'values');
  return Array.isArray(values) && values.length > 0;
}

export const podFailurePolicy: Rule = {
  id: 'pod-failure-policy',
  severity: RuleSeverity.ERROR,
  lesson: '25.3, 6',
  appliesToText: 'Job-like',
  passesWhen: 'podFailurePolicy has at least one FailJob or FailIndex rule on exit codes',
  appliesTo: isJobLike,
  check(doc) {
    const rules = objs(path(jobSpec(doc), 'podFailurePolicy', 'rules'));
    if (rules.some(failsFastOnExitCodes)) return undefined;
    return 'no podFailurePolicy rule fails the Job on permanent exit codes, so bad input or config is retried backoffLimit times; add a rule { action: FailJob (or FailIndex), onExitCodes: { operator: In, values: [...] } } for the codes that mean "do not retry".';
  },
};
