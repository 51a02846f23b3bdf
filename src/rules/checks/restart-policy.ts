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
    const pod = podSpec(doc);
    const policy = pod?.restartPolicy;
    if (policy === 'Never') return undefined;
    // A mis-cased key (`RestartPolicy`) is ignored by Kubernetes; name it so "not set" is not a puzzle.
    const misCased = Object.keys(pod ?? {}).find((k) => k !== 'restartPolicy' && k.toLowerCase() === 'restartpolicy');
    const given = policy !== undefined ? `is ${JSON.stringify(policy)}`
      : misCased !== undefined ? `is not set (the pod spec has \`${misCased}\`, which Kubernetes does not read as restartPolicy)` : 'is not set';
    return `pod restartPolicy ${given}; set it to Never so every attempt is a pod you can inspect (Kubernetes requires Never when podFailurePolicy is used).`;
  },
};
