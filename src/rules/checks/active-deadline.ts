import { RuleSeverity } from '../finding';
import { isSet, jobSpec, num } from '../manifest';
import { Rule } from '../rule';
import { isJobLike } from '../scope';

export const activeDeadline: Rule = {
  id: 'active-deadline',
  severity: RuleSeverity.ERROR,
  lesson: '25.5, 10',
  appliesToText: 'Job-like',
  passesWhen: 'activeDeadlineSeconds is set',
  appliesTo: isJobLike,
  check(doc) {
    const value = jobSpec(doc)?.activeDeadlineSeconds;
    const deadline = num(value);
    if (deadline !== undefined ? deadline > 0 : isSet(value)) return undefined; // wrong type: field-invalid's finding
    return 'activeDeadlineSeconds is not set, so a stuck run holds capacity and locks forever; set it to the longest useful runtime.';
  },
};
