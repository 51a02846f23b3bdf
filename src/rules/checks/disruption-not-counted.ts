import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { isSet, objs, path } from '../manifest';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

export const disruptionNotCounted: Rule = {
  id: 'disruption-not-counted',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'A pod failure policy ignores disruptions, so node drains and preemption do not use up the retry ' +
      'budget.',
    why: 'A pod evicted by a node drain, preemption or a taint did nothing wrong, yet by default its failure ' +
      'counts against `backoffLimit`. On a busy cluster a Job can then fail without one real error. An ' +
      '`Ignore` rule on the pod condition `DisruptionTarget` retries those pods without counting them.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        backoffLimit: 3
        podFailurePolicy:
          rules:
          - action: FailJob
            onExitCodes:
              containerName: export
              operator: In
              values:
              - 2
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
      spec:
        backoffLimit: 3
        podFailurePolicy:
          rules:
          - action: FailJob
            onExitCodes:
              containerName: export
              operator: In
              values:
              - 2
          - action: Ignore
            onPodConditions:
            - type: DisruptionTarget
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy',
    ],
  },
  appliesToText: 'Job-like with podFailurePolicy',
  passesWhen: 'a podFailurePolicy rule with action Ignore on pod condition DisruptionTarget',
  kinds: JOB_LIKE_KINDS,
  appliesTo: (doc, ctx) => isJobLike(doc) && isSet(ctx.jobSpec(doc)?.podFailurePolicy),
  check(doc, ctx) {
    const rules = objs(path(ctx.jobSpec(doc), 'podFailurePolicy', 'rules'));
    // An empty status is defaulted to True by the API server (SetDefaults_PodFailurePolicyOnPodConditionsPattern).
    const ignoresDisruption = rules.some((r) => r.action === 'Ignore'
      && objs(r.onPodConditions).some((c) => c.type === 'DisruptionTarget' && (c.status === undefined || c.status === '' || c.status === 'True')));
    if (ignoresDisruption) return undefined;
    return 'evictions and preemptions count against backoffLimit; add a podFailurePolicy rule { action: Ignore, onPodConditions: [{ type: DisruptionTarget }] } so node drains do not use up the retry budget.';
  },
};
