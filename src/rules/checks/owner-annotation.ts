import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { isWorkload } from '../scope';

export const ownerAnnotation: Rule = {
  id: 'owner-annotation',
  severity: RuleSeverity.ERROR,
  lesson: '24',
  appliesToText: 'workload',
  passesWhen: 'annotation <p>/owner is set',
  appliesTo: isWorkload,
  check(doc, ctx) {
    if (ctx.annotation(doc, 'owner')?.trim()) return undefined;
    return `no annotation ${ctx.prefix}/owner; name the team that answers when this workload fails (e.g. "finance-platform").`;
  },
};
