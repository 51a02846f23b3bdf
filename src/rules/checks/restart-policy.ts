import { RuleSeverity } from '../finding';
import { podSpec } from '../manifest';
import { Rule } from '../rule';
import { isJobLike } from '../scope';

export const restartPolicy: Rule = {
  id: 'restart-policy',
  severity: RuleSeverity.ERROR,
  lesson: '5',
  appliesToText: 'Job-like',
  passesWhen: 'restartPolicy is Never',
  appliesTo: isJobLike,
  check(doc) {
    const policy = podSpec(doc)?.restartPolicy;
    if (policy === 'Never') return undefined;
    const given = policy === undefined ? 'is not set' : `is ${JSON.stringify(policy)}`;
    return `pod restartPolicy ${given}; set it to Never so every attempt is a pod you can inspect (Kubernetes requires Never when podFailurePolicy is used).`;
  },
};
