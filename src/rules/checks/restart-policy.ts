import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

export const restartPolicy: Rule = {
  id: 'restart-policy',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The Job\'s pods use `restartPolicy: Never`, so each retry is a new pod the Job controller counts.',
    why: 'With `OnFailure` the kubelet restarts the container in place: the retry count hides in container ' +
      'restarts, a pod failure policy cannot act on it, logs of the failed attempt are harder to find, and ' +
      'a crash loop stays on one node. `Never` makes every attempt a pod the Job controller counts and the ' +
      'retry budget governs.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: OnFailure
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
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/job/',
    ],
  },
  appliesToText: 'Job-like',
  passesWhen: 'restartPolicy is Never',
  kinds: JOB_LIKE_KINDS,
  appliesTo: isJobLike,
  check(doc, ctx) {
    const pod = ctx.podSpec(doc);
    const policy = pod?.restartPolicy;
    if (policy === 'Never') return undefined;
    // A mis-cased key (`RestartPolicy`) is ignored by Kubernetes; name it so "not set" is not a puzzle.
    const misCased = Object.keys(pod ?? {}).find((k) => k !== 'restartPolicy' && k.toLowerCase() === 'restartpolicy');
    const given = policy !== undefined ? `is ${JSON.stringify(policy)}`
      : misCased !== undefined ? `is not set (the pod spec has \`${misCased}\`, which Kubernetes does not read as restartPolicy)` : 'is not set';
    return `pod restartPolicy ${given}; set it to Never so every attempt is a pod you can inspect (Kubernetes requires Never when podFailurePolicy is used).`;
  },
};
