import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { num, obj, workloadKind } from '../manifest';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

/** One day: long enough for the next working shift to read a failed run. */
export const MIN_FAILED_RETENTION_SECONDS = 86400;

export const failedJobsRetained: Rule = {
  id: 'failed-jobs-retained',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'A failed Job stays long enough to debug: a TTL of at least a day, and a CronJob keeps at least one ' +
      'failed Job.',
    why: 'The evidence of a failure (pod status, events, logs still on the node) goes away with the Job. A TTL' +
      ' of minutes, or `failedJobsHistoryLimit: 0`, deletes it before the next working day starts.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        ttlSecondsAfterFinished: 600
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
        ttlSecondsAfterFinished: 604800
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/',
    ],
  },
  appliesToText: 'Job, CronJob',
  passesWhen: `Job: ttlSecondsAfterFinished >= ${MIN_FAILED_RETENTION_SECONDS}; CronJob: failedJobsHistoryLimit >= 1 (and a job-template TTL, when set, >= ${MIN_FAILED_RETENTION_SECONDS})`,
  kinds: JOB_LIKE_KINDS,
  appliesTo: isJobLike,
  check(doc, ctx) {
    // An unset TTL keeps failed Jobs forever (the `retention` rule asks for a decision).
    const ttl = num(ctx.jobSpec(doc)?.ttlSecondsAfterFinished);
    const problems: string[] = [];
    if (ttl !== undefined && ttl < MIN_FAILED_RETENTION_SECONDS) {
      problems.push(`ttlSecondsAfterFinished is ${ttl}, so a failed Job is deleted before anyone can debug it; keep it at least ${MIN_FAILED_RETENTION_SECONDS} (one day)`);
    }
    // A CronJob and a KEDA ScaledJob both keep failed Jobs by spec.failedJobsHistoryLimit.
    if (workloadKind(doc) !== 'Job') {
      const limit = num(obj(doc.spec)?.failedJobsHistoryLimit);
      if (limit !== undefined && limit < 1) problems.push('failedJobsHistoryLimit is 0, so failed runs vanish at once; keep at least 1');
    }
    return problems.length ? `${problems.join('; ')}.` : undefined;
  },
};
