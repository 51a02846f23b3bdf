import { RuleSeverity } from '../finding';
import { isSet, jobSpec, objs, path } from '../manifest';
import { Rule } from '../rule';
import { isJobLike } from '../scope';

export const disruptionNotCounted: Rule = {
  id: 'disruption-not-counted',
  severity: RuleSeverity.WARNING,
  lesson: '6',
  appliesToText: 'Job-like with podFailurePolicy',
  passesWhen: 'a podFailurePolicy rule with action Ignore on pod condition DisruptionTarget',
  appliesTo: (doc) => isJobLike(doc) && isSet(jobSpec(doc)?.podFailurePolicy),
  check(doc) {
    const rules = objs(path(jobSpec(doc), 'podFailurePolicy', 'rules'));
    const ignoresDisruption = rules.some((r) => r.action === 'Ignore'
      && objs(r.onPodConditions).some((c) => c.type === 'DisruptionTarget' && (c.status === undefined || c.status === 'True')));
    if (ignoresDisruption) return undefined;
    return 'evictions and preemptions count against backoffLimit; add a podFailurePolicy rule { action: Ignore, onPodConditions: [{ type: DisruptionTarget }] } so node drains do not use up the retry budget.';
  },
};
