import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Obj, objs, path } from '../manifest';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

/**
 * A podFailurePolicy rule that fails fast on a permanent failure: `FailJob` or `FailIndex` on exit
 * codes, or on a pod condition (e.g. a `ConfigIssue` condition that an admission webhook or the
 * kubelet sets when the pod can never start). A rule on `DisruptionTarget` is not one: a
 * disruption is the opposite of permanent.
 */
function failsFastOnPermanentFailure(rule: Obj): boolean {
  if (rule.action !== 'FailJob' && rule.action !== 'FailIndex') return false;
  const values = path(rule, 'onExitCodes', 'values');
  if (Array.isArray(values) && values.length > 0) return true;
  return objs(rule.onPodConditions).some((c) => typeof c.type === 'string' && c.type !== '' && c.type !== 'DisruptionTarget');
}

export const podFailurePolicy: Rule = {
  id: 'pod-failure-policy',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The Job says which failures are final, so a bug that retrying cannot fix fails the Job at once.',
    why: 'Without a pod failure policy every failure, a configuration error as much as a lost node, is retried' +
      ' until `backoffLimit` runs out, with growing back-off. A policy with a `FailJob` (or `FailIndex`) ' +
      'rule on the exit codes that mean "do not retry" turns those into one fast, visible failure.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        backoffLimit: 3
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
  appliesToText: 'Job-like',
  passesWhen: 'podFailurePolicy has at least one FailJob or FailIndex rule on exit codes or on a pod condition other than DisruptionTarget',
  kinds: JOB_LIKE_KINDS,
  appliesTo: isJobLike,
  check(doc, ctx) {
    const rules = objs(path(ctx.jobSpec(doc), 'podFailurePolicy', 'rules'));
    if (rules.some(failsFastOnPermanentFailure)) return undefined;
    return 'no podFailurePolicy rule fails the Job on a permanent failure, so bad input or config is retried backoffLimit times; add a rule { action: FailJob (or FailIndex), onExitCodes: { operator: In, values: [...] } } for the codes that mean "do not retry" (or onPodConditions for a condition such as ConfigIssue).';
  },
};
