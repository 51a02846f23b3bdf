import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { isSet } from '../manifest';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

export const backoffLimitExplicit: Rule = {
  id: 'backoff-limit-explicit',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The Job sets its retry budget (`backoffLimit`, or `backoffLimitPerIndex` for an Indexed Job) itself.',
    why: 'Kubernetes\' default of 6 retries with exponential back-off is right for few workloads: a payment run' +
      ' should rarely retry, a flaky export perhaps more. Setting it makes the number a decision someone ' +
      'reviewed rather than a default nobody chose.',
    failing: yaml`
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
    fixed: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        backoffLimit: 2
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
  passesWhen: 'backoffLimit (or, for an Indexed Job, backoffLimitPerIndex) is set explicitly',
  kinds: JOB_LIKE_KINDS,
  appliesTo: isJobLike,
  check(doc, ctx) {
    const spec = ctx.jobSpec(doc);
    // With backoffLimitPerIndex the per-index budget is the retry decision (Kubernetes then
    // defaults backoffLimit to the maximum), so it counts as explicit. A value of the wrong type
    // is set, just unusable: field-invalid reports it, "not set" would mislead.
    if (isSet(spec?.backoffLimit) || isSet(spec?.backoffLimitPerIndex)) return undefined;
    return 'backoffLimit is not set, so Kubernetes retries 6 times by default; set backoffLimit to the number of retries a transient failure deserves (0 when a retry is never safe).';
  },
};
